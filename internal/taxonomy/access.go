package taxonomy

import (
	"cmp"
	"slices"
)

// Eval-versus-production factor IDs.
const (
	FactorDistribution           = "distribution"
	FactorTurnDepth              = "turn_depth"
	FactorAttackerSophistication = "attacker_sophistication"
	FactorContextLength          = "context_length"
	FactorStakes                 = "stakes"
)

// FactorIDs returns the five eval-versus-production factor IDs in their
// canonical order.
func FactorIDs() []string {
	return []string{FactorDistribution, FactorTurnDepth, FactorAttackerSophistication, FactorContextLength, FactorStakes}
}

// Phenomenon returns the phenomenon with the given ID.
func (t *Taxonomy) Phenomenon(id string) (*Phenomenon, bool) {
	return find(t.Phenomena, id, func(p *Phenomenon) string { return p.ID })
}

// Cause returns the cause with the given ID.
func (t *Taxonomy) Cause(id string) (*Cause, bool) {
	return find(t.Causes, id, func(c *Cause) string { return c.ID })
}

// Stage returns the pipeline stage with the given ID.
func (t *Taxonomy) Stage(id string) (*Stage, bool) {
	return find(t.Stages, id, func(s *Stage) string { return s.ID })
}

// Intervention returns the intervention with the given ID.
func (t *Taxonomy) Intervention(id string) (*Intervention, bool) {
	return find(t.Interventions, id, func(iv *Intervention) string { return iv.ID })
}

// Factor returns the eval-versus-production factor with the given ID.
func (t *Taxonomy) Factor(id string) (*Factor, bool) {
	return find(t.EvalGap.Factors, id, func(f *Factor) string { return f.ID })
}

// Factors returns the eval-versus-production factors in table order.
func (t *Taxonomy) Factors() []Factor {
	return t.EvalGap.Factors
}

// InterventionsFor returns the interventions that address the cause, sorted
// by priority (1 first), then by ID. It returns nil for an unknown cause.
func (t *Taxonomy) InterventionsFor(causeID string) []*Intervention {
	var out []*Intervention
	for i := range t.Interventions {
		if slices.Contains(t.Interventions[i].Causes, causeID) {
			out = append(out, &t.Interventions[i])
		}
	}
	sortInterventions(out)
	return out
}

// InterventionsAt returns the interventions that belong to the stage, sorted
// by priority, then by ID.
func (t *Taxonomy) InterventionsAt(stageID string) []*Intervention {
	var out []*Intervention
	for i := range t.Interventions {
		if t.Interventions[i].Stage == stageID {
			out = append(out, &t.Interventions[i])
		}
	}
	sortInterventions(out)
	return out
}

// StagesByPriority returns the stages in recommended priority order (1 first,
// ties by ID).
func (t *Taxonomy) StagesByPriority() []*Stage {
	out := make([]*Stage, len(t.Stages))
	for i := range t.Stages {
		out[i] = &t.Stages[i]
	}
	slices.SortStableFunc(out, func(a, b *Stage) int {
		return cmp.Or(cmp.Compare(a.Priority, b.Priority), cmp.Compare(a.ID, b.ID))
	})
	return out
}

func sortInterventions(ivs []*Intervention) {
	slices.SortStableFunc(ivs, func(a, b *Intervention) int {
		return cmp.Or(cmp.Compare(a.Priority, b.Priority), cmp.Compare(a.ID, b.ID))
	})
}

// find returns a pointer to the element of s whose ID is id.
func find[T any](s []T, id string, idOf func(*T) string) (*T, bool) {
	for i := range s {
		if idOf(&s[i]) == id {
			return &s[i], true
		}
	}
	return nil, false
}
