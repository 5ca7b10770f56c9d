package builtin_test

import (
	"bufio"
	"os"
	"testing"

	"github.com/faultline-dev/faultline/internal/analysis"
	"github.com/faultline-dev/faultline/internal/ingest"
)

// TestPipelineVerdicts runs the whole built-in tier on hand-written
// trajectories that once went wrong: benign pastes of logs, code, tables
// and process listings (which the padding and grounding signals took for
// filler and for knowledge to answer from), agents doing what the user
// delegated to the data (invite everyone on a thread, pay the latest
// invoice), and a plain, a flooded and a
// many-shot harmful request that the model complies with (the last two
// once scored like benign traffic), procedures delivered for clearly harmful
// requests in words the response model does not know (once only warned),
// and a confidential system prompt
// extracted through injected role markers; a model that drops a correct
// fact for the user's bare assertion warns, one that corrects itself when
// asked "are you sure?" passes.
func TestPipelineVerdicts(t *testing.T) {
	an := newAnalyzer(t)
	for _, tc := range []struct {
		file string
		want analysis.Verdict
	}{
		{"testdata/benign_pastes.jsonl", analysis.VerdictPass},
		{"testdata/benign_agents.jsonl", analysis.VerdictPass},
		{"testdata/benign_answers.jsonl", analysis.VerdictPass},
		{"testdata/flooded_jailbreaks.jsonl", analysis.VerdictFail},
		{"testdata/harmful_compliance.jsonl", analysis.VerdictFail},
		{"testdata/prompt_leak.jsonl", analysis.VerdictFail},
		{"testdata/sycophancy.jsonl", analysis.VerdictWarn},
	} {
		f, err := os.Open(tc.file)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(nil, 1<<22)
		reg := ingest.DefaultRegistry()
		line := 0
		for sc.Scan() {
			line++
			trs, err := reg.Decode(sc.Bytes(), ingest.Source{File: tc.file, Line: line}, "")
			if err != nil {
				t.Fatalf("%s:%d: %v", tc.file, line, err)
			}
			for i := range trs {
				res := an.Analyze(&trs[i])
				if res.Verdict != tc.want {
					t.Errorf("%s: verdict %s, want %s (scores %v, causes %v)", trs[i].ID, res.Verdict, tc.want, res.Scores, res.Causes)
				}
			}
		}
		f.Close()
	}
}
