package taxonomy

import (
	"slices"
)

// loc is where an entry (or a value) was defined.
type loc struct {
	src  *source
	path yamlPath
}

// errorf returns an error positioned at the entry's sub-path sub.
func (l loc) errorf(sub yamlPath, format string, args ...any) *Error {
	return l.src.errorf(l.path.with(sub...), format, args...)
}

// section is one list of entries with IDs, remembering where each came from.
type section[T any] struct {
	key   yamlPath // where the list lives in a file, e.g. {"causes"}
	kind  string   // what an entry is called in messages, e.g. "cause"
	idOf  func(*T) string
	items []T
	at    []loc
	byID  map[string]int // index in items
}

// index returns the position of the entry with the given ID, or -1 (always
// for the empty ID).
func (s *section[T]) index(id string) int {
	if k, ok := s.byID[id]; ok && id != "" {
		return k
	}
	return -1
}

// overlay adds the entries of one file: an existing ID is replaced wholesale,
// a new one appended. An ID repeated within the file is an error.
func (s *section[T]) overlay(src *source, items []T, errs *errorList) {
	first := map[string]int{}
	for i := range items {
		at := loc{src: src, path: s.key.with(i)}
		id := s.idOf(&items[i])
		if id != "" {
			if j, dup := first[id]; dup {
				errs.add(at.errorf(yamlPath{"id"}, "duplicate %s id %q (first defined at line %d)",
					s.kind, id, src.line(s.key.with(j, "id"))))
				continue
			}
			first[id] = i
			if k := s.index(id); k >= 0 {
				s.items[k], s.at[k] = items[i], at
				continue
			}
		}
		if id != "" {
			if s.byID == nil {
				s.byID = map[string]int{}
			}
			s.byID[id] = len(s.items)
		}
		s.items = append(s.items, items[i])
		s.at = append(s.at, at)
	}
}

// merged is the taxonomy being assembled from the built-in file and a user
// file, with the origin of every entry for error positions.
type merged struct {
	version       int
	phenomena     section[Phenomenon]
	causes        section[Cause]
	stages        section[Stage]
	interventions section[Intervention]
	factors       section[Factor]
	keyInsight    string
	keyInsightAt  loc
	requires      []string
	requiresAt    loc
}

func newMerged() *merged {
	return &merged{
		phenomena:     section[Phenomenon]{key: yamlPath{"phenomena"}, kind: "phenomenon", idOf: func(p *Phenomenon) string { return p.ID }},
		causes:        section[Cause]{key: yamlPath{"causes"}, kind: "cause", idOf: func(c *Cause) string { return c.ID }},
		stages:        section[Stage]{key: yamlPath{"stages"}, kind: "stage", idOf: func(s *Stage) string { return s.ID }},
		interventions: section[Intervention]{key: yamlPath{"interventions"}, kind: "intervention", idOf: func(iv *Intervention) string { return iv.ID }},
		factors:       section[Factor]{key: yamlPath{"eval_gap", "factors"}, kind: "factor", idOf: func(f *Factor) string { return f.ID }},
	}
}

// overlay adds one parsed file. The built-in file must declare the supported
// version; a user file may leave it out.
func (m *merged) overlay(src *source, f *fileSchema, isBase bool, errs *errorList) {
	root := loc{src: src}
	switch {
	case f.Version == nil && isBase:
		errs.add(root.errorf(nil, "missing version (want version: %d)", SupportedVersion))
	case f.Version == nil:
	case *f.Version != SupportedVersion && isBase:
		errs.add(root.errorf(yamlPath{"version"}, "unsupported taxonomy version %d (this faultline reads version %d)", *f.Version, SupportedVersion))
	case *f.Version != SupportedVersion:
		errs.add(root.errorf(yamlPath{"version"}, "version %d does not match the built-in taxonomy version %d", *f.Version, SupportedVersion))
	default:
		m.version = *f.Version
	}
	m.phenomena.overlay(src, f.Phenomena, errs)
	m.causes.overlay(src, f.Causes, errs)
	m.stages.overlay(src, f.Stages, errs)
	m.interventions.overlay(src, f.Interventions, errs)
	eg := f.EvalGap
	if isBase {
		m.keyInsightAt = loc{src: src, path: yamlPath{"eval_gap", "key_insight"}}
		m.requiresAt = loc{src: src, path: yamlPath{"eval_gap", "requires"}}
	}
	if eg == nil {
		return
	}
	m.factors.overlay(src, eg.Factors, errs)
	if eg.KeyInsight != nil {
		m.keyInsight = *eg.KeyInsight
		m.keyInsightAt = loc{src: src, path: yamlPath{"eval_gap", "key_insight"}}
	}
	if eg.Requires != nil {
		m.requires = eg.Requires
		m.requiresAt = loc{src: src, path: yamlPath{"eval_gap", "requires"}}
	}
}

// resolve fills the values an intervention takes from its stage and makes the
// cause-intervention links symmetric: a link declared on either side counts.
// Only links to existing entries are added; validate reports the others.
func (m *merged) resolve() {
	for i := range m.interventions.items {
		iv := &m.interventions.items[i]
		k := m.stages.index(iv.Stage)
		if k < 0 {
			continue
		}
		if iv.Effectiveness == "" {
			iv.Effectiveness = m.stages.items[k].Effectiveness
		}
		if iv.Priority == 0 {
			iv.Priority = m.stages.items[k].Priority
		}
	}
	// Snapshot the declared links first so that the result does not depend on
	// the order of the two passes.
	declared := make([][]string, len(m.causes.items))
	for i := range m.causes.items {
		declared[i] = slices.Clone(m.causes.items[i].Interventions)
	}
	for i := range m.interventions.items {
		iv := &m.interventions.items[i]
		iv.Causes = slices.Clone(iv.Causes)
		if iv.ID == "" {
			continue
		}
		for _, cid := range iv.Causes {
			if k := m.causes.index(cid); k >= 0 && !slices.Contains(m.causes.items[k].Interventions, iv.ID) {
				c := &m.causes.items[k]
				c.Interventions = append(slices.Clone(c.Interventions), iv.ID)
			}
		}
	}
	for i := range m.causes.items {
		c := &m.causes.items[i]
		if c.ID == "" {
			continue
		}
		for _, ivID := range declared[i] {
			if k := m.interventions.index(ivID); k >= 0 && !slices.Contains(m.interventions.items[k].Causes, c.ID) {
				iv := &m.interventions.items[k]
				iv.Causes = append(iv.Causes, c.ID)
			}
		}
	}
}

// taxonomy returns the merged result, with empty lists instead of nil ones so
// that JSON output has [] rather than null.
func (m *merged) taxonomy() *Taxonomy {
	for i := range m.phenomena.items {
		p := &m.phenomena.items[i]
		p.Causes = nonNil(p.Causes)
	}
	for i := range m.causes.items {
		c := &m.causes.items[i]
		c.RootCauses, c.Interventions = nonNil(c.RootCauses), nonNil(c.Interventions)
	}
	for i := range m.stages.items {
		s := &m.stages.items[i]
		s.Pipeline, s.Recommended = nonNilItems(s.Pipeline), nonNilItems(s.Recommended)
	}
	for i := range m.interventions.items {
		iv := &m.interventions.items[i]
		iv.Causes = nonNil(iv.Causes)
	}
	return &Taxonomy{
		Version:       m.version,
		Phenomena:     slices.Clone(m.phenomena.items),
		Causes:        slices.Clone(m.causes.items),
		Stages:        slices.Clone(m.stages.items),
		Interventions: slices.Clone(m.interventions.items),
		EvalGap: EvalGap{
			Factors:    nonNil(slices.Clone(m.factors.items)),
			KeyInsight: m.keyInsight,
			Requires:   nonNil(slices.Clone(m.requires)),
		},
	}
}

// nonNil returns s, or an empty slice when s is nil.
func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// nonNilItems is nonNil for stage items and their lists.
func nonNilItems(items []StageItem) []StageItem {
	items = nonNil(items)
	for i := range items {
		items[i].Interventions = nonNil(items[i].Interventions)
	}
	return items
}
