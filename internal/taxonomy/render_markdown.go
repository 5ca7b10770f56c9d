package taxonomy

import (
	"fmt"
	"io"
	"strings"
)

// WriteMarkdown writes the taxonomy as a Markdown document: headings and pipe
// tables for each layer, the interventions, the recommended priority order and
// the eval-versus-production factors.
func (t *Taxonomy) WriteMarkdown(w io.Writer) error {
	p := &printer{w: w}
	code := func(s string) string { return "`" + s + "`" }

	p.printf("# Failure taxonomy (version %d)\n", t.Version)

	p.printf("\n## Layer 1: Observable phenomena\n\n")
	p.printf("| ID | Phenomenon | Observable behavior | Typical causes |\n")
	p.printf("|---|---|---|---|\n")
	for _, ph := range t.Phenomena {
		p.printf("| %s | %s | %s | %s |\n", code(ph.ID), cell(ph.Name), cell(ph.Behavior), joinIDs(ph.Causes, code))
	}

	p.printf("\n## Layer 2: Mechanistic causes\n")
	for _, c := range t.Causes {
		p.printf("\n### %s (%s)\n\n", inline(c.Name), code(c.ID))
		p.printf("%s\n\n", inline(c.Description))
		p.printf("**Root causes:**\n\n")
		for _, rc := range c.RootCauses {
			p.printf("- %s\n", inline(rc))
		}
		if c.Intervention != "" {
			p.printf("\n**Intervention:** %s\n", inline(c.Intervention))
		}
		p.printf("\n| Priority | Intervention | Stage | Effectiveness |\n")
		p.printf("|---|---|---|---|\n")
		for _, iv := range t.InterventionsFor(c.ID) {
			p.printf("| %d | %s (%s) | %s | %s |\n", iv.Priority, cell(iv.Name), code(iv.ID), code(iv.Stage), iv.Effectiveness)
		}
	}

	p.printf("\n## Layer 3: Intervention points\n\n")
	p.printf("| Priority | Stage | Name | Effectiveness | Horizon | Fixes root cause | In the pipeline map |\n")
	p.printf("|---|---|---|---|---|---|---|\n")
	for _, s := range t.StagesByPriority() {
		eff := s.Effectiveness
		if s.EffectivenessRationale != "" {
			eff += " (" + s.EffectivenessRationale + ")"
		}
		pipeline := make([]string, len(s.Pipeline))
		for i, item := range s.Pipeline {
			pipeline[i] = cell(itemText(item, code))
		}
		p.printf("| %d | %s | %s | %s | %s | %s | %s |\n", s.Priority, code(s.ID), cell(s.Name), cell(eff), cell(s.Horizon),
			cell(fixesRootCause(s)), strings.Join(pipeline, "; "))
	}

	p.printf("\n### Interventions\n\n")
	p.printf("| Priority | ID | Intervention | Stage | Effectiveness | Causes | Artifact |\n")
	p.printf("|---|---|---|---|---|---|---|\n")
	for _, iv := range t.sortedInterventions() {
		p.printf("| %d | %s | %s | %s | %s | %s | %s |\n", iv.Priority, code(iv.ID), cell(iv.Name), code(iv.Stage),
			iv.Effectiveness, joinIDs(iv.Causes, code), cell(iv.Artifact))
	}

	p.printf("\n## Recommended intervention priority\n\n")
	for _, s := range t.StagesByPriority() {
		name := s.Recommendation
		if name == "" {
			name = s.Name
		}
		p.printf("%d. **%s**", s.Priority, inline(name))
		if s.Horizon != "" {
			p.printf(" (%s)", inline(s.Horizon))
		}
		p.printf("\n")
		for _, item := range s.Recommended {
			p.printf("   - %s\n", inline(itemText(item, code)))
		}
	}

	p.printf("\n## Why failures appear in deployment but not in eval\n\n")
	p.printf("| Factor | Offline eval | Production | How faultline measures it |\n")
	p.printf("|---|---|---|---|\n")
	for _, f := range t.EvalGap.Factors {
		p.printf("| **%s** (%s) | %s | %s | %s |\n", cell(f.Name), code(f.ID), cell(f.OfflineEval), cell(f.Production), cell(f.Measure))
	}
	p.printf("\n### Key insight\n\n%s\n\n", inline(t.EvalGap.KeyInsight))
	for i, r := range t.EvalGap.Requires {
		p.printf("%d. %s\n", i+1, inline(r))
	}

	if p.err != nil {
		return fmt.Errorf("write taxonomy as Markdown: %w", p.err)
	}
	return nil
}

// inline puts text on one line.
func inline(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// cell makes text safe inside a pipe-table cell.
func cell(s string) string {
	return strings.ReplaceAll(inline(s), "|", `\|`)
}
