package plan

import (
	"testing"

	"github.com/faultline-dev/faultline/internal/finding"
	"github.com/faultline-dev/faultline/internal/taxonomy"
)

func TestPlanAndRank(t *testing.T) {
	tx, err := taxonomy.Default()
	if err != nil {
		t.Fatal(err)
	}
	p := New(tx)
	f := finding.Finding{Phenomenon: taxonomy.PolicyErosion, Severity: finding.SeverityCritical, Causes: []finding.CauseRef{
		{ID: taxonomy.PolicyMisgeneralization, Confidence: 0.8}, {ID: taxonomy.ContextWindowExploitation, Confidence: 0}}}
	p.Plan(&f)
	if len(f.Interventions) == 0 {
		t.Fatal("no interventions")
	}
	for i, iv := range f.Interventions {
		if i > 0 && iv.Priority < f.Interventions[i-1].Priority {
			t.Errorf("not in priority order: %+v", f.Interventions)
		}
		if iv.Artifact == "" || iv.Stage == "" {
			t.Errorf("incomplete intervention %+v", iv)
		}
	}
	for _, iv := range tx.InterventionsFor(taxonomy.ContextWindowExploitation) {
		found := false
		for _, want := range tx.InterventionsFor(taxonomy.PolicyMisgeneralization) {
			found = found || want.ID == iv.ID
		}
		for _, got := range f.Interventions {
			if got.ID == iv.ID && !found {
				t.Errorf("%s planned from a zero-confidence cause", iv.ID)
			}
		}
	}

	g := finding.Finding{Phenomenon: taxonomy.RewardHacking, Severity: finding.SeverityLow, Causes: []finding.CauseRef{
		{ID: taxonomy.RewardShapingSideEffect, Confidence: 0.5}}}
	corpus := [][]finding.Finding{{f}, {f, g}, nil, nil}
	ranked := p.Rank(corpus, len(corpus))
	if len(ranked) == 0 {
		t.Fatal("nothing ranked")
	}
	for i := 1; i < len(ranked); i++ {
		a, b := ranked[i-1], ranked[i]
		if a.Priority > b.Priority || (a.Priority == b.Priority && a.Score < b.Score) {
			t.Errorf("rank %d (%s p%d %.4f) before %s p%d %.4f", i, a.ID, a.Priority, a.Score, b.ID, b.Priority, b.Score)
		}
	}
	for _, r := range ranked {
		if r.Findings == 0 || r.Trajectories == 0 || r.Trajectories > 2 || r.Score <= 0 {
			t.Errorf("%+v", r)
		}
	}
	if ranked[0].Stage != taxonomy.StagePostHoc {
		t.Errorf("first ranked intervention is %s, want a post-hoc one", ranked[0].Stage)
	}
}
