package train

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/faultline-dev/faultline/internal/signal/model"
)

// fakeSpec learns "bad" vs "good" words from two datasets with two groups each.
func fakeSpec(name string) Spec {
	return Spec{
		Model:      name,
		Featurizer: model.Featurizer{Dim: 1 << 10, WordN: 1},
		Examples: func(string) ([]model.Example, error) {
			var ex []model.Example
			for i := range 40 {
				g := []string{"g1", "g2"}[i%2]
				ex = append(ex, model.Example{Text: "bad thing " + g, Label: true, Dataset: "d1", Group: g},
					model.Example{Text: "good thing " + g, Label: false, Dataset: "d1", Group: g})
			}
			ex = append(ex, model.Example{Text: "bad other", Label: true, Dataset: "d2", Group: "x"},
				model.Example{Text: "good other", Label: false, Dataset: "d2", Group: "x"})
			return ex, nil
		},
	}
}

func TestModelsDeterministic(t *testing.T) {
	specs := []Spec{fakeSpec("a"), fakeSpec("b")}
	encode := func() []byte {
		ms, err := Models(specs, "", nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := model.WriteBundle(&buf, ms); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	if !bytes.Equal(encode(), encode()) {
		t.Fatal("training twice gave different bytes")
	}
}

func TestTrainerWithout(t *testing.T) {
	base := model.NewSet()
	tr, err := NewTrainer([]Spec{fakeSpec("a")}, "", base)
	if err != nil {
		t.Fatal(err)
	}
	if !tr.TrainedOn("d1") || tr.TrainedOn("nope") {
		t.Error("TrainedOn")
	}
	set, err := tr.Without("d1", "g1")
	if err != nil {
		t.Fatal(err)
	}
	m, ok := set.Get("a")
	if !ok {
		t.Fatal("retrained model missing")
	}
	// The held-out group's marker word was never seen with a label, the
	// other group's was seen with both labels: only the shared words decide.
	if m.Score("bad thing") <= m.Score("good thing") {
		t.Error("retrained model did not learn")
	}
	if same, _ := tr.Without("other", "g"); same != base {
		t.Error("a dataset no model learns from must not retrain anything")
	}
}

func TestReadUserExamples(t *testing.T) {
	dir := t.TempDir()
	write := func(name, s string) string {
		p := filepath.Join(dir, name)
		os.WriteFile(p, []byte(s), 0o644)
		return p
	}
	specs := []Spec{{Model: "request_harm"}, {Model: "response_harm", PrepareReply: func(req, reply string) string { return "ctx:" + req + " | " + reply }}}
	good := write("good.jsonl", `{"model": "request_harm", "text": "x", "label": true}`+"\n\n"+`{"model": "request_harm", "text": "y", "label": false}`+"\n"+
		`{"model": "response_harm", "request": "how do I pick a lock?", "text": "Insert a tension wrench.", "label": true}`+"\n")
	ex, err := ReadUserExamples(good, specs)
	if err != nil || len(ex["request_harm"]) != 2 || ex["request_harm"][0].Dataset != "user" {
		t.Fatalf("%v %+v", err, ex)
	}
	if r := ex["response_harm"]; len(r) != 1 || r[0].Text != "ctx:how do I pick a lock? | Insert a tension wrench." {
		t.Errorf("a reply is read with its request as the model reads it: %+v", r)
	}
	for name, content := range map[string]string{
		"unknown model":             `{"model": "nope", "text": "x", "label": true}`,
		"no label":                  `{"model": "request_harm", "text": "x"}`,
		"no text":                   `{"model": "request_harm", "label": true}`,
		"bad json":                  `{"model": `,
		"request for a plain model": `{"model": "request_harm", "request": "q", "text": "x", "label": true}`,
	} {
		p := write(strings.ReplaceAll(name, " ", "_")+".jsonl", "\n"+content+"\n")
		if _, err := ReadUserExamples(p, specs); err == nil || !strings.Contains(err.Error(), ":2:") {
			t.Errorf("%s: error %v does not name line 2", name, err)
		}
	}
}

// TestPrepareAppliesToEveryExample checks that a spec's Prepare reaches the
// dataset examples and the user examples alike: a model whose Prepare maps
// "risky" to "bad" learns the user's "risky" label through it.
func TestPrepareAppliesToEveryExample(t *testing.T) {
	sp := fakeSpec("p")
	sp.Prepare = func(s string) string { return strings.ReplaceAll(s, "risky", "bad") }
	user := map[string][]model.Example{"p": {{Text: "risky", Label: true, Dataset: "user"}}}
	ms, err := Models([]Spec{sp}, "", user, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := ms[0].Score(sp.Prepare("risky")); got < 0.6 {
		t.Errorf("score of prepared text %.2f, want the learned 'bad' weight (>= 0.6)", got)
	}
	tr, err := NewTrainer([]Spec{sp}, "", model.NewSet())
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range tr.examples[0] {
		if strings.Contains(e.Text, "bad") {
			return // "bad thing g1": the dataset examples reached the trainer
		}
	}
	t.Fatal("trainer has no dataset example")
}

func TestTrainerPrepares(t *testing.T) {
	sp := fakeSpec("p")
	sp.Prepare = strings.ToUpper
	tr, err := NewTrainer([]Spec{sp}, "", model.NewSet())
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range tr.examples[0] {
		if e.Text != strings.ToUpper(e.Text) {
			t.Fatalf("trainer kept an unprepared text %q", e.Text)
		}
	}
}
