// Package plan is layer 3: it maps each finding's causes to the taxonomy's
// interventions (stage, effectiveness, priority, and the artifact faultline can
// produce for it).
package plan

import (
	"sort"

	"github.com/faultline-dev/faultline/internal/finding"
	"github.com/faultline-dev/faultline/internal/taxonomy"
)

// MinConfidence is the lowest cause confidence that brings in the cause's
// interventions: below it an attribution is a prior, not evidence.
const MinConfidence = 0.25

// Planner maps findings to interventions using a taxonomy.
type Planner struct {
	tx *taxonomy.Taxonomy
}

// New returns a planner over tx.
func New(tx *taxonomy.Taxonomy) *Planner { return &Planner{tx: tx} }

// Plan sets f.Interventions: every intervention that addresses one of the
// finding's causes, once, ordered by priority (post-hoc first), then by the
// confidence of the cause that brought it in, then by ID.
func (p *Planner) Plan(f *finding.Finding) {
	type ranked struct {
		ref  finding.InterventionRef
		conf float64
	}
	seen := map[string]int{}
	var list []ranked
	for _, c := range f.Causes {
		if c.Confidence < MinConfidence {
			continue
		}
		for _, iv := range p.tx.InterventionsFor(c.ID) {
			if j, ok := seen[iv.ID]; ok {
				if c.Confidence > list[j].conf {
					list[j].conf = c.Confidence
				}
				continue
			}
			seen[iv.ID] = len(list)
			list = append(list, ranked{ref: finding.InterventionRef{
				ID: iv.ID, Stage: iv.Stage, Effectiveness: iv.Effectiveness,
				Priority: iv.Priority, Artifact: iv.Artifact,
			}, conf: c.Confidence})
		}
	}
	sort.SliceStable(list, func(a, b int) bool {
		if list[a].ref.Priority != list[b].ref.Priority {
			return list[a].ref.Priority < list[b].ref.Priority
		}
		if list[a].conf != list[b].conf {
			return list[a].conf > list[b].conf
		}
		return list[a].ref.ID < list[b].ref.ID
	})
	f.Interventions = make([]finding.InterventionRef, len(list))
	for i, r := range list {
		f.Interventions[i] = r.ref
	}
}
