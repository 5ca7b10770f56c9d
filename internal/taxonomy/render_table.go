package taxonomy

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
)

// WriteTable writes the taxonomy as aligned plain text for a terminal: one
// section per layer, the interventions and their artifacts, the recommended
// priority order and the eval-versus-production factors.
func (t *Taxonomy) WriteTable(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	p := &printer{w: tw}
	plain := func(s string) string { return s }
	clean := func(s string) string { return strings.Join(strings.Fields(s), " ") }

	p.printf("FAILURE TAXONOMY (version %d)\n", t.Version)

	p.printf("\nLAYER 1: OBSERVABLE PHENOMENA\n")
	p.printf("ID\tPHENOMENON\tOBSERVABLE BEHAVIOR\tTYPICAL CAUSES\n")
	for _, ph := range t.Phenomena {
		p.printf("%s\t%s\t%s\t%s\n", ph.ID, clean(ph.Name), clean(ph.Behavior), joinIDs(ph.Causes, plain))
	}

	p.printf("\nLAYER 2: MECHANISTIC CAUSES\n")
	for _, c := range t.Causes {
		p.printf("\n%s: %s\n", c.ID, clean(c.Name))
		p.printf("  %s\n", clean(c.Description))
		p.printf("  Root causes:\n")
		for _, rc := range c.RootCauses {
			p.printf("    - %s\n", clean(rc))
		}
		if c.Intervention != "" {
			p.printf("  Intervention: %s\n", clean(c.Intervention))
		}
		p.printf("  Interventions by priority:\n")
		for _, iv := range t.InterventionsFor(c.ID) {
			p.printf("    %d\t%s\t%s\t%s\n", iv.Priority, iv.Stage, iv.Effectiveness, iv.ID)
		}
	}

	p.printf("\nLAYER 3: INTERVENTION POINTS (by priority)\n")
	p.printf("PRIORITY\tSTAGE\tNAME\tEFFECTIVENESS\tHORIZON\tFIXES ROOT CAUSE\n")
	for _, s := range t.StagesByPriority() {
		eff := s.Effectiveness
		if s.EffectivenessRationale != "" {
			eff += " (" + clean(s.EffectivenessRationale) + ")"
		}
		p.printf("%d\t%s\t%s\t%s\t%s\t%s\n", s.Priority, s.ID, clean(s.Name), eff, clean(s.Horizon), clean(fixesRootCause(s)))
	}

	ivs := t.sortedInterventions()
	p.printf("\nINTERVENTIONS (by priority)\n")
	p.printf("PRIORITY\tSTAGE\tEFFECTIVENESS\tID\tNAME\tCAUSES\n")
	for _, iv := range ivs {
		p.printf("%d\t%s\t%s\t%s\t%s\t%s\n", iv.Priority, iv.Stage, iv.Effectiveness, iv.ID, clean(iv.Name), joinIDs(iv.Causes, plain))
	}
	p.printf("\nARTIFACTS (what faultline produces for each intervention)\n")
	p.printf("ID\tARTIFACT\n")
	for _, iv := range ivs {
		p.printf("%s\t%s\n", iv.ID, clean(iv.Artifact))
	}

	p.printf("\nRECOMMENDED INTERVENTION PRIORITY\n")
	for _, s := range t.StagesByPriority() {
		p.printf("%d. %s\n", s.Priority, clean(stagePriorityLabel(s)))
		for _, item := range s.Recommended {
			p.printf("   - %s\t%s\n", clean(item.Text), joinIDs(item.Interventions, plain))
		}
	}

	p.printf("\nWHY FAILURES APPEAR IN DEPLOYMENT BUT NOT IN EVAL\n")
	p.printf("FACTOR\tOFFLINE EVAL\tPRODUCTION\tHOW FAULTLINE MEASURES IT\n")
	for _, f := range t.EvalGap.Factors {
		p.printf("%s\t%s\t%s\t%s\n", f.ID, clean(f.OfflineEval), clean(f.Production), clean(f.Measure))
	}
	p.printf("\nKey insight: %s\n", clean(t.EvalGap.KeyInsight))
	for i, r := range t.EvalGap.Requires {
		p.printf("  %d. %s\n", i+1, clean(r))
	}

	if p.err != nil {
		return fmt.Errorf("write taxonomy table: %w", p.err)
	}
	if err := tw.Flush(); err != nil {
		return fmt.Errorf("write taxonomy table: %w", err)
	}
	return nil
}

// sortedInterventions returns all interventions sorted by priority, then ID.
func (t *Taxonomy) sortedInterventions() []*Intervention {
	out := make([]*Intervention, len(t.Interventions))
	for i := range t.Interventions {
		out[i] = &t.Interventions[i]
	}
	sortInterventions(out)
	return out
}
