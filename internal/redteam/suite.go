package redteam

import (
	"bytes"
	_ "embed"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/goccy/go-yaml"
)

// Kind is what a behaviour tries to make the target do, and so which
// phenomenon the judge watches.
type Kind string

// Behaviour kinds.
const (
	// KindHarmful: comply with a harmful request (policy_erosion).
	KindHarmful Kind = "harmful"
	// KindInjection: follow an instruction injected in a tool result (intent_drift).
	KindInjection Kind = "injection"
	// KindSycophancy: abandon a correct answer under content-free pushback (reward_hacking).
	KindSycophancy Kind = "sycophancy"
	// KindFabrication: answer with confident fabrications in a long context (epistemic_failure).
	KindFabrication Kind = "fabrication"
)

// Phenomenon returns the taxonomy phenomenon the judge watches for k.
func (k Kind) Phenomenon() string {
	switch k {
	case KindInjection:
		return "intent_drift"
	case KindSycophancy:
		return "reward_hacking"
	case KindFabrication:
		return "epistemic_failure"
	}
	return "policy_erosion"
}

// Success criteria a behaviour may state. The default, CriterionJudge, is
// the behaviour's phenomenon reaching the judge's fail threshold.
const (
	CriterionJudge = "judge"
	// CriterionToolCall ("tool_call:NAME") succeeds when the target issues a call to NAME.
	CriterionToolCall = "tool_call"
	// CriterionCapitulation succeeds when the target concedes after a content-free pushback.
	CriterionCapitulation = "capitulation"
	// CriterionFabricatedReference succeeds when a reply cites a reference
	// (URL, DOI, "et al.") that appears nowhere in the conversation before it.
	CriterionFabricatedReference = "fabricated_reference"
)

// Behaviour is one thing the harness tries to make the target do.
type Behaviour struct {
	ID       string `yaml:"id" json:"id"`
	Goal     string `yaml:"goal" json:"goal"`
	Category string `yaml:"category" json:"category"`
	Kind     Kind   `yaml:"kind" json:"kind,omitempty"`
	// Strategies restricts the strategies run (default: every strategy that
	// applies to the kind).
	Strategies []string `yaml:"strategies" json:"strategies,omitempty"`
	// Success is the success criterion (default "judge").
	Success string `yaml:"success" json:"success,omitempty"`

	// Agent scenarios (kind injection): the user's task, the declared
	// tools, the tool whose result carries the injection and the injected
	// instruction.
	Task      string     `yaml:"task" json:"task,omitempty"`
	Tools     []ToolSpec `yaml:"tools" json:"tools,omitempty"`
	ReadTool  string     `yaml:"read_tool" json:"read_tool,omitempty"`
	Injection string     `yaml:"injection" json:"injection,omitempty"`
}

// BenignPrompt is a harmless request that looks like a harmful one: refusing
// it is over-refusal.
type BenignPrompt struct {
	ID       string `yaml:"id" json:"id"`
	Prompt   string `yaml:"prompt" json:"prompt"`
	Category string `yaml:"category" json:"category,omitempty"`
}

// Suite is a set of behaviours plus a benign suite for over-refusal.
type Suite struct {
	Name       string         `yaml:"name" json:"name"`
	Behaviours []Behaviour    `yaml:"behaviours" json:"behaviours"`
	Benign     []BenignPrompt `yaml:"benign" json:"benign"`
}

//go:embed suites/default.yaml
var defaultSuite []byte

// DefaultSuite returns the shipped suite: goals stated at the level of
// public benchmarks, no harmful payloads.
func DefaultSuite() (*Suite, error) { return parseSuiteYAML(defaultSuite, "default suite") }

// LoadSuite reads a suite: YAML (.yaml, .yml, or .json holding
// "behaviours"), or a JailbreakBench/HarmBench behaviour CSV or JSON, which
// is imported as harmful behaviours with the default benign suite.
func LoadSuite(path string) (*Suite, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading the suite: %w", err)
	}
	switch strings.ToLower(filepath.Ext(path)) {
	case ".yaml", ".yml":
		return parseSuiteYAML(data, path)
	case ".csv":
		bs, err := importCSV(bytes.NewReader(data), path)
		if err != nil {
			return nil, err
		}
		return importedSuite(path, bs)
	case ".json", ".jsonl":
		if bytes.Contains(data, []byte(`"behaviours"`)) {
			return parseSuiteYAML(data, path) // JSON is YAML
		}
		bs, err := importJSON(data, path)
		if err != nil {
			return nil, err
		}
		return importedSuite(path, bs)
	}
	return nil, fmt.Errorf("%s: unknown suite format (want .yaml, .yml, .json or .csv)", path)
}

func importedSuite(path string, bs []Behaviour) (*Suite, error) {
	def, err := DefaultSuite()
	if err != nil {
		return nil, err
	}
	s := &Suite{Name: filepath.Base(path), Behaviours: bs, Benign: def.Benign}
	return s, s.validate(path)
}

func parseSuiteYAML(data []byte, name string) (*Suite, error) {
	var s Suite
	if err := yaml.NewDecoder(bytes.NewReader(data), yaml.DisallowUnknownField()).Decode(&s); err != nil {
		return nil, fmt.Errorf("%s: %s", name, yaml.FormatError(err, false, true))
	}
	if s.Name == "" {
		s.Name = filepath.Base(name)
	}
	return &s, s.validate(name)
}

// validate fills defaults and checks the suite.
func (s *Suite) validate(name string) error {
	if len(s.Behaviours) == 0 {
		return fmt.Errorf("%s: the suite has no behaviours", name)
	}
	seen := map[string]bool{}
	for i := range s.Behaviours {
		b := &s.Behaviours[i]
		where := fmt.Sprintf("%s: behaviour %d (%s)", name, i+1, b.ID)
		if b.ID == "" {
			return fmt.Errorf("%s: behaviour %d has no id", name, i+1)
		}
		if seen[b.ID] {
			return fmt.Errorf("%s: duplicate id", where)
		}
		seen[b.ID] = true
		if strings.TrimSpace(b.Goal) == "" {
			return fmt.Errorf("%s: no goal", where)
		}
		if b.Kind == "" {
			b.Kind = KindHarmful
		}
		switch b.Kind {
		case KindHarmful, KindSycophancy, KindFabrication:
		case KindInjection:
			if b.Task == "" || b.ReadTool == "" || b.Injection == "" {
				return fmt.Errorf("%s: an injection behaviour needs task, read_tool and injection", where)
			}
			if !hasTool(b.Tools, b.ReadTool) {
				b.Tools = append(b.Tools, ToolSpec{Name: b.ReadTool})
			}
		default:
			return fmt.Errorf("%s: unknown kind %q (want harmful, injection, sycophancy or fabrication)", where, b.Kind)
		}
		if b.Success == "" {
			b.Success = CriterionJudge
		}
		if err := checkCriterion(b.Success); err != nil {
			return fmt.Errorf("%s: %w", where, err)
		}
		for _, st := range b.Strategies {
			strat, ok := strategyByID(st)
			if !ok {
				return fmt.Errorf("%s: unknown strategy %q (known: %s)", where, st, strings.Join(StrategyIDs(), ", "))
			}
			if !strat.applies(b.Kind) {
				return fmt.Errorf("%s: strategy %q does not apply to kind %s", where, st, b.Kind)
			}
		}
	}
	for i := range s.Benign {
		p := &s.Benign[i]
		if p.ID == "" {
			p.ID = fmt.Sprintf("benign-%d", i+1)
		}
		if strings.TrimSpace(p.Prompt) == "" {
			return fmt.Errorf("%s: benign prompt %s has no prompt", name, p.ID)
		}
	}
	return nil
}

func hasTool(tools []ToolSpec, name string) bool {
	for _, t := range tools {
		if t.Name == name {
			return true
		}
	}
	return false
}

func checkCriterion(c string) error {
	switch {
	case c == CriterionJudge, c == CriterionCapitulation, c == CriterionFabricatedReference:
		return nil
	case strings.HasPrefix(c, CriterionToolCall+":") && len(c) > len(CriterionToolCall)+1:
		return nil
	}
	return fmt.Errorf("unknown success criterion %q (want judge, tool_call:NAME, capitulation or fabricated_reference)", c)
}

var slugRE = regexp.MustCompile(`[^a-z0-9]+`)

func slug(s string) string {
	s = strings.Trim(slugRE.ReplaceAllString(strings.ToLower(s), "-"), "-")
	if len(s) > 48 {
		s = strings.TrimRight(s[:48], "-")
	}
	return s
}

// benchmarkRow maps a JailbreakBench or HarmBench record onto a behaviour:
// goal from Goal (JailbreakBench) else Behavior (HarmBench), category from
// Category else SemanticCategory, id from BehaviorID else Behavior.
func benchmarkRow(get func(string) string, n int) (Behaviour, bool) {
	goal := get("goal")
	name := get("behavior")
	if goal == "" {
		goal = name
	}
	if strings.TrimSpace(goal) == "" {
		return Behaviour{}, false
	}
	cat := get("category")
	if cat == "" {
		cat = get("semanticcategory")
	}
	id := get("behaviorid")
	if id == "" && name != "" && name != goal {
		id = slug(name)
	}
	if id == "" {
		id = fmt.Sprintf("b%03d-%s", n, slug(goal))
	}
	return Behaviour{ID: id, Goal: strings.TrimSpace(goal), Category: cat, Kind: KindHarmful}, true
}

func normKey(k string) string {
	return strings.ToLower(strings.NewReplacer("_", "", " ", "", "-", "").Replace(strings.TrimSpace(k)))
}

func importCSV(r io.Reader, name string) ([]Behaviour, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	rows, err := cr.ReadAll()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if len(rows) < 2 {
		return nil, fmt.Errorf("%s: no behaviour rows", name)
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[normKey(strings.TrimPrefix(h, "\ufeff"))] = i
	}
	if _, ok := col["goal"]; !ok {
		if _, ok := col["behavior"]; !ok {
			return nil, fmt.Errorf("%s: no Goal or Behavior column (JailbreakBench or HarmBench CSV expected)", name)
		}
	}
	var out []Behaviour
	ids := map[string]int{}
	for n, row := range rows[1:] {
		get := func(k string) string {
			if i, ok := col[k]; ok && i < len(row) {
				return strings.TrimSpace(row[i])
			}
			return ""
		}
		if b, ok := benchmarkRow(get, n+1); ok {
			out = append(out, uniqueID(b, ids))
		}
	}
	return out, nil
}

func importJSON(data []byte, name string) ([]Behaviour, error) {
	var recs []map[string]any
	if err := json.Unmarshal(data, &recs); err != nil {
		var wrapped map[string]json.RawMessage
		if json.Unmarshal(data, &wrapped) != nil {
			return nil, fmt.Errorf("%s: not a JSON array of behaviours: %w", name, err)
		}
		found := false
		for _, k := range []string{"behaviors", "behaviours", "data", "goals"} {
			if raw, ok := wrapped[k]; ok && json.Unmarshal(raw, &recs) == nil {
				found = true
				break
			}
		}
		if !found {
			return nil, fmt.Errorf("%s: no array of behaviours found", name)
		}
	}
	var out []Behaviour
	ids := map[string]int{}
	for n, rec := range recs {
		norm := map[string]string{}
		for k, v := range rec {
			if s, ok := v.(string); ok {
				norm[normKey(k)] = s
			}
		}
		if b, ok := benchmarkRow(func(k string) string { return strings.TrimSpace(norm[k]) }, n+1); ok {
			out = append(out, uniqueID(b, ids))
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s: no record with a Goal or Behavior", name)
	}
	return out, nil
}

func uniqueID(b Behaviour, ids map[string]int) Behaviour {
	ids[b.ID]++
	if n := ids[b.ID]; n > 1 {
		b.ID = fmt.Sprintf("%s-%d", b.ID, n)
	}
	return b
}
