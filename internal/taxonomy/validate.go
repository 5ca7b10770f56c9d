package taxonomy

import (
	"fmt"
	"strings"
)

// validator checks the merged taxonomy and reports every problem at the
// position of the entry (or value) that causes it.
type validator struct {
	m    *merged
	errs *errorList
}

// validate reports missing required fields, malformed IDs, bad effectiveness
// and priority values and references to entries that do not exist.
func (m *merged) validate(errs *errorList) {
	v := &validator{m: m, errs: errs}
	for i := range m.phenomena.items {
		v.phenomenon(&m.phenomena.items[i], m.phenomena.at[i])
	}
	for i := range m.causes.items {
		v.cause(&m.causes.items[i], m.causes.at[i])
	}
	for i := range m.stages.items {
		v.stage(&m.stages.items[i], m.stages.at[i])
	}
	for i := range m.interventions.items {
		v.intervention(&m.interventions.items[i], m.interventions.at[i])
	}
	for i := range m.factors.items {
		v.factor(&m.factors.items[i], m.factors.at[i])
	}
	if strings.TrimSpace(m.keyInsight) == "" {
		errs.add(m.keyInsightAt.errorf(nil, "eval_gap: missing key_insight"))
	}
	if len(m.requires) == 0 {
		errs.add(m.requiresAt.errorf(nil, "eval_gap: missing requires"))
	}
	for i, r := range m.requires {
		if strings.TrimSpace(r) == "" {
			errs.add(m.requiresAt.errorf(yamlPath{i}, "eval_gap: requires item %d is empty", i+1))
		}
	}
}

func (v *validator) phenomenon(p *Phenomenon, at loc) {
	label := entryLabel("phenomenon", p.ID)
	v.id(at, label, p.ID)
	v.text(at, label, "name", p.Name)
	v.text(at, label, "behavior", p.Behavior)
	v.refs(at, label, yamlPath{"causes"}, p.Causes, "cause", v.hasCause)
}

func (v *validator) cause(c *Cause, at loc) {
	label := entryLabel("cause", c.ID)
	v.id(at, label, c.ID)
	v.text(at, label, "name", c.Name)
	v.text(at, label, "description", c.Description)
	if len(c.RootCauses) == 0 {
		v.errs.add(at.errorf(yamlPath{"root_causes"}, "%s: missing root_causes", label))
	}
	for i, rc := range c.RootCauses {
		if strings.TrimSpace(rc) == "" {
			v.errs.add(at.errorf(yamlPath{"root_causes", i}, "%s: root cause %d is empty", label, i+1))
		}
	}
	v.refs(at, label, yamlPath{"interventions"}, c.Interventions, "intervention", v.hasIntervention)
	if len(c.Interventions) == 0 {
		v.errs.add(at.errorf(yamlPath{"interventions"},
			"%s: no intervention addresses it (list interventions, or name the cause in an intervention's causes)", label))
	}
}

func (v *validator) stage(s *Stage, at loc) {
	label := entryLabel("stage", s.ID)
	v.id(at, label, s.ID)
	v.text(at, label, "name", s.Name)
	v.effectiveness(at, label, s.Effectiveness)
	v.priority(at, label, s.Priority)
	for _, list := range []struct {
		key   string
		items []StageItem
	}{{"pipeline", s.Pipeline}, {"recommended", s.Recommended}} {
		for i, item := range list.items {
			if strings.TrimSpace(item.Text) == "" {
				v.errs.add(at.errorf(yamlPath{list.key, i, "text"}, "%s: %s item %d: missing text", label, list.key, i+1))
			}
			v.refs(at, label, yamlPath{list.key, i, "interventions"}, item.Interventions, "intervention", v.hasIntervention)
		}
	}
}

func (v *validator) intervention(iv *Intervention, at loc) {
	label := entryLabel("intervention", iv.ID)
	v.id(at, label, iv.ID)
	v.text(at, label, "name", iv.Name)
	v.text(at, label, "artifact", iv.Artifact)
	stageKnown := v.m.stages.index(iv.Stage) >= 0
	switch {
	case iv.Stage == "":
		v.errs.add(at.errorf(yamlPath{"stage"}, "%s: missing stage", label))
	case !stageKnown:
		v.errs.add(at.errorf(yamlPath{"stage"}, "%s: unknown stage %q", label, iv.Stage))
	}
	// Unset effectiveness and priority come from the stage; without a known
	// stage there is nothing more to say about them.
	if iv.Effectiveness != "" || stageKnown {
		v.effectiveness(at, label, iv.Effectiveness)
	}
	if iv.Priority != 0 || stageKnown {
		v.priority(at, label, iv.Priority)
	}
	v.refs(at, label, yamlPath{"causes"}, iv.Causes, "cause", v.hasCause)
	if len(iv.Causes) == 0 {
		v.errs.add(at.errorf(yamlPath{"causes"}, "%s: addresses no cause", label))
	}
}

func (v *validator) factor(f *Factor, at loc) {
	label := entryLabel("factor", f.ID)
	v.id(at, label, f.ID)
	v.text(at, label, "name", f.Name)
	v.text(at, label, "offline_eval", f.OfflineEval)
	v.text(at, label, "production", f.Production)
	v.text(at, label, "measure", f.Measure)
}

// id checks that an entry has a snake_case ID.
func (v *validator) id(at loc, label, id string) {
	switch {
	case id == "":
		v.errs.add(at.errorf(yamlPath{"id"}, "%s: missing id", label))
	case !validID(id):
		v.errs.add(at.errorf(yamlPath{"id"}, "%s: id must be snake_case (a-z, 0-9 and single underscores, starting with a letter)", label))
	}
}

// text checks that a required text field is set.
func (v *validator) text(at loc, label, field, value string) {
	if strings.TrimSpace(value) == "" {
		v.errs.add(at.errorf(yamlPath{field}, "%s: missing %s", label, field))
	}
}

func (v *validator) effectiveness(at loc, label, e string) {
	switch {
	case e == "":
		v.errs.add(at.errorf(yamlPath{"effectiveness"}, "%s: missing effectiveness", label))
	case EffectivenessRank(e) == 0:
		v.errs.add(at.errorf(yamlPath{"effectiveness"}, "%s: effectiveness %q is not one of %s, %s, %s",
			label, e, EffectivenessLow, EffectivenessMedium, EffectivenessHigh))
	}
}

func (v *validator) priority(at loc, label string, p int) {
	switch {
	case p == 0:
		v.errs.add(at.errorf(yamlPath{"priority"}, "%s: missing priority", label))
	case p < 0:
		v.errs.add(at.errorf(yamlPath{"priority"}, "%s: priority must be 1 or more, got %d", label, p))
	}
}

// refs checks that every ID in list names an existing entry, once.
func (v *validator) refs(at loc, label string, key yamlPath, list []string, kind string, exists func(string) bool) {
	seen := make(map[string]bool, len(list))
	for i, id := range list {
		p := key.with(i)
		switch {
		case id == "":
			v.errs.add(at.errorf(p, "%s: empty %s reference", label, kind))
		case !exists(id):
			v.errs.add(at.errorf(p, "%s: unknown %s %q", label, kind, id))
		case seen[id]:
			v.errs.add(at.errorf(p, "%s: %s %q listed twice", label, kind, id))
		}
		seen[id] = true
	}
}

func (v *validator) hasCause(id string) bool        { return v.m.causes.index(id) >= 0 }
func (v *validator) hasIntervention(id string) bool { return v.m.interventions.index(id) >= 0 }

// entryLabel names an entry in messages.
func entryLabel(kind, id string) string {
	if id == "" {
		return kind + " without id"
	}
	return fmt.Sprintf("%s %q", kind, id)
}

// validID reports whether id is snake_case: lowercase letters and digits in
// words joined by single underscores, starting with a letter.
func validID(id string) bool {
	if id == "" || id[0] < 'a' || id[0] > 'z' || id[len(id)-1] == '_' {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
		case c == '_' && id[i-1] != '_':
		default:
			return false
		}
	}
	return true
}
