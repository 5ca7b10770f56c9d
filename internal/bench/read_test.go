package bench

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeFixture writes files (path relative to a new root → content) and
// returns the root.
func writeFixture(t *testing.T, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	for rel, content := range files {
		path := filepath.Join(root, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

func TestErrorsSayWhere(t *testing.T) {
	tests := []struct {
		name    string
		dataset string
		files   map[string]string
		want    string
	}{
		{"bad JSON line", "deepset-prompt-injections",
			map[string]string{"deepset-prompt-injections/test.jsonl": "{\"text\": \"a\", \"label\": 0}\n\n{\"text\": oops}\n"},
			"deepset-prompt-injections/test.jsonl:3: invalid JSON"},
		{"bad label", "deepset-prompt-injections",
			map[string]string{"deepset-prompt-injections/test.jsonl": "{\"text\": \"a\", \"label\": 2}\n"},
			"deepset-prompt-injections/test.jsonl:1: label must be 0 or 1"},
		{"bad tool_calls repr", "agentdojo-traces",
			map[string]string{"agentdojo-traces/agentdojo-m.jsonl": `{"metadata": {}}` + "\n" +
				`{"messages": [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "None", "tool_calls": "[{'id': datetime(1)}]"}], "metadata": {"success": true, "security": true, "injection_task_id": null}}` + "\n"},
			`agentdojo-traces/agentdojo-m.jsonl:2: message 1: tool_calls: python literal at byte 8: unsupported name "datetime"`},
		{"array element", "diasafety",
			map[string]string{"diasafety/DiaSafety_dataset/test.json": "[\n{\"context\": \"a\", \"response\": \"b\", \"category\": \"c\", \"label\": \"Safe\"},\n  {\"context\": \"a\", \"response\": \"b\", \"category\": \"c\", \"label\": \"Maybe\"}\n]"},
			`diasafety/DiaSafety_dataset/test.json:3: unknown label "Maybe"`},
		{"tsv fields", "begin",
			map[string]string{"begin/wow/begin_dev_wow.tsv": "model_name\tdata_source\tknowledge\tmessage\tresponse\tbegin_label\nt5\twow\tk\tm\tr\n"},
			"begin/wow/begin_dev_wow.tsv:2: 5 tab-separated fields, want 6"},
		{"rhw label", "rhw-bench",
			map[string]string{"rhw-bench/rewardhackwatch/rhw_bench/test_cases/x.json": `{"category": "c", "trajectory": {"task": "t"}}`},
			"rhw-bench/rewardhackwatch/rhw_bench/test_cases/x.json:1: neither expected_hack nor labels.is_hack"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d, _ := datasetByName(tc.dataset)
			_, err := d.Load(writeFixture(t, tc.files))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want it to contain %q", err, tc.want)
			}
		})
	}
}

func TestForEachElementLines(t *testing.T) {
	data := []byte("{\"a\": [1,\n 2], \"items\": [\n  {\"x\": 1},\n\n  {\"x\": 2}, {\"x\": 3}\n]}")
	var got []int
	err := forEachElement("f.json", data, "items", func(line int, raw json.RawMessage) error {
		got = append(got, line)
		return nil
	})
	if err != nil || len(got) != 3 || got[0] != 3 || got[1] != 5 || got[2] != 5 {
		t.Errorf("lines = %v, %v; want [3 5 5]", got, err)
	}
	if err := forEachElement("f.json", data, "missing", func(int, json.RawMessage) error { return nil }); err == nil {
		t.Error("missing key accepted")
	}
}

func TestBucketIsStable(t *testing.T) {
	// FNV-1a 32, mod 5, computed by hand: groups must never move.
	for in, want := range map[string]string{"": "q1", "a": "q0", "What is 2+2?": "q3"} {
		if got := bucket("q", in, 5); got != want {
			t.Errorf("bucket(%q) = %s, want %s", in, got, want)
		}
	}
}
