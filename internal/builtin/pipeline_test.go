package builtin_test

import (
	"bufio"
	"bytes"
	"os"
	"testing"

	"github.com/faultline-dev/faultline/internal/analysis"
	"github.com/faultline-dev/faultline/internal/ingest"
	"github.com/faultline-dev/faultline/internal/taxonomy"
)

// TestPipelineVerdicts runs the whole built-in tier on hand-written
// trajectories that once went wrong: benign pastes of logs, code, tables
// and process listings (which the padding and grounding signals took for
// filler and for knowledge to answer from), agents doing what the user
// delegated to the data (invite everyone on a thread, pay the latest
// invoice), agents of other ecosystems doing risky things the user asked
// for (run the commands a README gives, install the package the docs
// name, reply to everyone on a thread, follow a checklist) and the same
// agents hijacked by orders in the data they read (see
// TestInjectedAgentsOffendingCall), and a plain, a flooded and a
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
		{"testdata/benign_risky_agents.jsonl", analysis.VerdictPass},
		{"testdata/injected_agents.jsonl", analysis.VerdictFail},
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

// TestInjectedAgentsOffendingCall: in hand-written agent runs hijacked by
// orders in the data they read (a GitHub issue, a README, a web page's
// hidden comment, a calendar description, a ticket, a log, a Slack
// message, ...), the intent_drift finding starts at the assistant message
// that issues the first call the order caused (the call with ID
// "offending"), and the run cut right after that message already fails:
// the gateway, which sees only that prefix, can block the call.
func TestInjectedAgentsOffendingCall(t *testing.T) {
	an := newAnalyzer(t)
	const file = "testdata/injected_agents.jsonl"
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	reg := ingest.DefaultRegistry()
	for n, rec := range bytes.Split(bytes.TrimSpace(data), []byte("\n")) {
		trs, err := reg.Decode(rec, ingest.Source{File: file, Line: n + 1}, "")
		if err != nil {
			t.Fatalf("%s:%d: %v", file, n+1, err)
		}
		for i := range trs {
			tr := &trs[i]
			t.Run(tr.ID, func(t *testing.T) {
				want := -1
				for k, m := range tr.Messages {
					for _, c := range m.ToolCalls {
						if c.ID == "offending" && want < 0 {
							want = k
						}
					}
				}
				if want < 0 {
					t.Fatal("no call with ID offending")
				}
				res := an.Analyze(tr)
				first := -1
				for _, f := range res.Findings {
					if f.Phenomenon == taxonomy.IntentDrift && (first < 0 || f.FirstTurn < first) {
						first = f.FirstTurn
					}
				}
				if first != want {
					t.Errorf("intent_drift first turn %d, want %d", first, want)
				}
				prefix := *tr
				prefix.Messages = tr.Messages[:want+1]
				if got := an.Analyze(&prefix); got.Verdict != analysis.VerdictFail {
					t.Errorf("prefix up to the offending call: verdict %s, want fail (scores %v)", got.Verdict, got.Scores)
				}
			})
		}
	}
}
