package cli_test

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
)

// binPath is the faultline binary built once for these tests.
var binPath string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "faultline-cli-test")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	binPath = filepath.Join(dir, "faultline")
	if runtime.GOOS == "windows" {
		binPath += ".exe"
	}
	build := exec.Command("go", "build", "-o", binPath, "../../cmd/faultline")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "building faultline: %v\n%s", err, out)
		os.Exit(2)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

type runResult struct {
	stdout, stderr string
	code           int
}

func run(t *testing.T, stdin string, args ...string) runResult {
	t.Helper()
	cmd := exec.Command(binPath, args...)
	cmd.Stdin = strings.NewReader(stdin)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("running faultline: %v", err)
	}
	return runResult{out.String(), errb.String(), code}
}

// results parses scan output lines.
func results(t *testing.T, stdout string) []map[string]any {
	t.Helper()
	var out []map[string]any
	sc := bufio.NewScanner(strings.NewReader(stdout))
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatalf("output line is not JSON: %v\n%s", err, sc.Text())
		}
		out = append(out, m)
	}
	return out
}

func ids(rs []map[string]any) []string {
	var out []string
	for _, r := range rs {
		out = append(out, fmt.Sprint(r["id"]))
	}
	return out
}

var summaryRE = regexp.MustCompile(`(?m)^(\d+) read, (\d+) rejected, (\d+) skipped.*\n\z`)

func summary(t *testing.T, stderr string) string {
	t.Helper()
	m := summaryRE.FindStringSubmatch(stderr)
	if m == nil {
		t.Fatalf("stderr does not end with the summary line:\n%s", stderr)
	}
	return m[1] + "/" + m[2] + "/" + m[3]
}

func writeFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

const (
	recA      = `{"id": "a", "messages": [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "hello"}]}`
	recB      = `{"id": "b", "conversations": [{"from": "human", "value": "hi"}, {"from": "gpt", "value": "hey"}]}`
	recHeader = `{"metadata": {"benchmark": "x"}}`
	recBad    = `{"messages": [{"role": "user", "content": "cut`
	recHH     = `{"id": "p", "chosen": "\n\nHuman: q\n\nAssistant: a", "rejected": "\n\nHuman: q\n\nAssistant: b"}`
)

func TestScan(t *testing.T) {
	dir := t.TempDir()
	good := writeFile(t, dir, "good.jsonl", recHeader+"\n"+recA+"\n\n"+recB+"\n"+recHH+"\n")
	bad := writeFile(t, dir, "bad.jsonl", recA+"\n"+recBad+"\n"+recB+"\n")
	arr := writeFile(t, dir, "arr.json", "[\n"+recA+",\n"+recHeader+",\n"+recB+"\n]\n")
	var gzBuf bytes.Buffer
	zw := gzip.NewWriter(&gzBuf)
	zw.Write([]byte(recB + "\n" + recA + "\n"))
	zw.Close()
	gz := writeFile(t, dir, "z.jsonl.gz", gzBuf.String())

	tests := []struct {
		name     string
		stdin    string
		args     []string
		code     int
		ids      string
		summary  string
		stderrRE string
	}{
		{name: "file with header skipped and HH pair", args: []string{good}, code: 0, ids: "a b p/chosen p/rejected", summary: "4/0/1"},
		{name: "bad line reported, rest kept", args: []string{bad}, code: 1, ids: "a b", summary: "3/1/0",
			stderrRE: regexp.QuoteMeta(bad) + `:2: invalid JSON`},
		{name: "json array", args: []string{arr}, code: 0, ids: "a b", summary: "3/0/1"},
		{name: "gzip", args: []string{gz}, code: 0, ids: "b a", summary: "2/0/0"},
		{name: "stdin", stdin: recB + "\n" + recA + "\n", args: []string{"-"}, code: 0, ids: "b a", summary: "2/0/0"},
		{name: "stdin bad line names stdin", stdin: "nope\n" + recA + "\n", args: []string{"-"}, code: 1, ids: "a", summary: "2/1/0",
			stderrRE: `(?m)^-:1: `},
		{name: "several inputs keep order", args: []string{gz, good}, code: 0, ids: "b a a b p/chosen p/rejected", summary: "6/0/1"},
		{name: "folder", args: []string{dir}, code: 1},
		{name: "forced format mismatch rejects", args: []string{"--format", "sharegpt", good}, code: 1, ids: "b", summary: "4/2/1"},
		{name: "missing file is a usage error", args: []string{filepath.Join(dir, "nope.jsonl")}, code: 2,
			stderrRE: `nope.jsonl`},
		{name: "bad format flag", args: []string{"--format", "csv", good}, code: 2},
		{name: "no paths", args: []string{}, code: 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := run(t, tc.stdin, append([]string{"scan"}, tc.args...)...)
			if r.code != tc.code {
				t.Fatalf("exit %d, want %d\nstderr:\n%s", r.code, tc.code, r.stderr)
			}
			if tc.ids != "" {
				if got := strings.Join(ids(results(t, r.stdout)), " "); got != tc.ids {
					t.Errorf("ids %q, want %q", got, tc.ids)
				}
			}
			if tc.summary != "" {
				if got := summary(t, r.stderr); got != tc.summary {
					t.Errorf("summary %s, want %s (read/rejected/skipped)\n%s", got, tc.summary, r.stderr)
				}
			}
			if tc.stderrRE != "" && !regexp.MustCompile(tc.stderrRE).MatchString(r.stderr) {
				t.Errorf("stderr does not match %q:\n%s", tc.stderrRE, r.stderr)
			}
		})
	}
}

// TestScanContract checks every output object against the contract of DESIGN.md.
func TestScanContract(t *testing.T) {
	dir := t.TempDir()
	in := writeFile(t, dir, "in.jsonl", recA+"\n"+recB+"\n"+recHH+"\n")
	r := run(t, "", "scan", in)
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	for _, res := range results(t, r.stdout) {
		for _, key := range []string{"id", "source", "turns", "verdict", "scores", "causes", "findings"} {
			if _, ok := res[key]; !ok {
				t.Errorf("%v: missing %q", res["id"], key)
			}
		}
		scores, _ := res["scores"].(map[string]any)
		for _, p := range []string{"policy_erosion", "intent_drift", "reward_hacking", "epistemic_failure"} {
			v, ok := scores[p].(float64)
			if !ok || v < 0 || v > 1 {
				t.Errorf("%v: score %s = %v", res["id"], p, scores[p])
			}
		}
		causes, _ := res["causes"].(map[string]any)
		for _, c := range []string{"policy_misgeneralization", "preference_model_blind_spot", "reward_shaping_side_effect", "context_window_exploitation"} {
			v, ok := causes[c].(float64)
			if !ok || v < 0 || v > 1 {
				t.Errorf("%v: cause %s = %v", res["id"], c, causes[c])
			}
		}
		if v := res["verdict"]; v != "pass" && v != "warn" && v != "fail" {
			t.Errorf("%v: verdict %v", res["id"], v)
		}
		if !strings.HasPrefix(fmt.Sprint(res["source"]), in+":") {
			t.Errorf("source %v does not name the file", res["source"])
		}
	}
}

// TestScanTrace: --trace adds every turn's signal values, and the same
// scores as without it; without it there is no trace key.
func TestScanTrace(t *testing.T) {
	dir := t.TempDir()
	in := writeFile(t, dir, "in.jsonl", recA+"\n"+recB+"\n")
	plain := results(t, run(t, "", "scan", in).stdout)
	r := run(t, "", "scan", "--trace", in)
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	traced := results(t, r.stdout)
	if len(traced) != len(plain) || len(plain) == 0 {
		t.Fatalf("%d traced results, %d plain", len(traced), len(plain))
	}
	for i, res := range traced {
		if _, ok := plain[i]["trace"]; ok {
			t.Errorf("%v: trace without --trace", plain[i]["id"])
		}
		if fmt.Sprint(res["scores"]) != fmt.Sprint(plain[i]["scores"]) {
			t.Errorf("%v: scores %v with --trace, %v without", res["id"], res["scores"], plain[i]["scores"])
		}
		trace, _ := res["trace"].([]any)
		if turns, _ := res["turns"].(float64); len(trace) != int(turns) {
			t.Fatalf("%v: %d trace entries for %v turns", res["id"], len(trace), res["turns"])
		}
		nonzero := 0
		for _, e := range trace {
			entry, _ := e.(map[string]any)
			sigs, _ := entry["signals"].([]any)
			for _, s := range sigs {
				sv, _ := s.(map[string]any)
				if v, _ := sv["value"].(float64); v == 0 || sv["signal"] == "" {
					t.Errorf("%v: trace entry %v", res["id"], sv)
				}
				nonzero++
			}
		}
		if nonzero == 0 {
			t.Errorf("%v: no signal value in the trace", res["id"])
		}
	}
}

// TestScanOrderAcrossWorkers checks that output is identical whatever the
// number of workers, on an input large enough to be processed out of order.
func TestScanOrderAcrossWorkers(t *testing.T) {
	dir := t.TempDir()
	var b strings.Builder
	for i := range 3000 {
		fmt.Fprintf(&b, `{"id": "r%d", "messages": [{"role": "user", "content": "%s"}, {"role": "assistant", "content": "ok"}]}`+"\n", i, strings.Repeat("x", i%300))
	}
	in := writeFile(t, dir, "many.jsonl", b.String())
	one := run(t, "", "scan", "--workers", "1", in)
	four := run(t, "", "scan", "-j", "4", in)
	if one.code != 0 || four.code != 0 {
		t.Fatalf("exit codes %d %d: %s %s", one.code, four.code, one.stderr, four.stderr)
	}
	if one.stdout != four.stdout {
		t.Fatal("output differs between 1 and 4 workers")
	}
	got := ids(results(t, four.stdout))
	for i, id := range got {
		if id != fmt.Sprintf("r%d", i) {
			t.Fatalf("result %d has id %s", i, id)
		}
	}
}

func TestScanOutFile(t *testing.T) {
	dir := t.TempDir()
	in := writeFile(t, dir, "in.jsonl", recA+"\n")
	out := filepath.Join(dir, "out.jsonl")
	r := run(t, "", "scan", "--out", out, in)
	if r.code != 0 || r.stdout != "" {
		t.Fatalf("exit %d, stdout %q", r.code, r.stdout)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if got := ids(results(t, string(data))); len(got) != 1 || got[0] != "a" {
		t.Errorf("out file ids %v", got)
	}
}

func TestHelpAndVersion(t *testing.T) {
	for _, args := range [][]string{{"--help"}, {"scan", "--help"}, {"taxonomy", "--help"}, {"version", "--help"}} {
		r := run(t, "", args...)
		if r.code != 0 || !strings.Contains(r.stdout, "Usage: faultline") {
			t.Errorf("%v: exit %d\n%s%s", args, r.code, r.stdout, r.stderr)
		}
	}
	if r := run(t, "", "scan", "--help"); !strings.Contains(r.stdout, "Exit status") {
		t.Errorf("scan --help does not explain exit status:\n%s", r.stdout)
	}
	r := run(t, "", "version")
	if r.code != 0 || !regexp.MustCompile(`^faultline \S+ \(taxonomy version 2\)\n$`).MatchString(r.stdout) {
		t.Errorf("version: exit %d %q", r.code, r.stdout)
	}
	if r := run(t, "", "frobnicate"); r.code != 2 {
		t.Errorf("unknown command: exit %d, want 2", r.code)
	}
}

// TestScanExamples runs the README's first command on the shipped examples.
func TestScanExamples(t *testing.T) {
	r := run(t, "", "scan", "../../examples")
	if r.code != 0 {
		t.Fatalf("scan examples/: exit %d\n%s", r.code, r.stderr)
	}
	if n := len(results(t, r.stdout)); n < 8 {
		t.Errorf("only %d trajectories in examples/", n)
	}
}

func TestProfileAndGap(t *testing.T) {
	dir := t.TempDir()
	eval := writeFile(t, dir, "eval.jsonl", recA+"\n"+recB+"\n")
	var b strings.Builder
	for i := range 30 {
		fmt.Fprintf(&b, `{"id": "p%d", "messages": [`, i)
		for j := range 12 {
			if j > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, `{"role": "user", "content": "turn %d of a long session about exploit code %s"}, {"role": "assistant", "content": "ok"}`, j, strings.Repeat("x", 200))
		}
		b.WriteString(`, {"role": "assistant", "content": null, "tool_calls": [{"id": "c", "type": "function", "function": {"name": "send_money", "arguments": "{}"}}]}]}` + "\n")
	}
	prod := writeFile(t, dir, "prod.jsonl", b.String())
	prof := filepath.Join(dir, "eval-profile.json")
	if r := run(t, "", "profile", eval, "--out", prof); r.code != 0 {
		t.Fatalf("profile: exit %d %s", r.code, r.stderr)
	}
	r := run(t, "", "gap", "--eval", prof, "--prod", prod)
	if r.code != 0 {
		t.Fatalf("gap: exit %d %s", r.code, r.stderr)
	}
	for _, want := range []string{"turn_depth", "context_length", "stakes", "money", "multi-turn cases at", "attacker_sophistication", "distribution"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("gap output lacks %q:\n%s", want, r.stdout)
		}
	}
	r = run(t, "", "gap", "--eval", eval, "--prod", prod, "--json")
	var g struct {
		Factors []struct {
			Factor         string  `json:"factor"`
			OutsideSupport float64 `json:"outside_support"`
		} `json:"factors"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &g); err != nil || len(g.Factors) != 5 {
		t.Fatalf("gap --json: %v %s", err, r.stdout)
	}
	if r := run(t, "", "scan", "--eval-profile", prof, eval); r.code != 0 {
		t.Errorf("scan --eval-profile: exit %d %s", r.code, r.stderr)
	}
	if r := run(t, "", "scan", "--eval-profile", eval, eval); r.code != 2 || !strings.Contains(r.stderr, "not a profile") {
		t.Errorf("scan with a non-profile as --eval-profile: exit %d %s", r.code, r.stderr)
	}
}

// TestSimulateServes starts the real binary on a loopback port and asks the
// default simulated model for a refusal and for a tool call.
func TestSimulateServes(t *testing.T) {
	cmd := exec.Command(binPath, "simulate", "--listen", "127.0.0.1:0")
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { cmd.Process.Kill(); cmd.Wait() }()
	line, err := bufio.NewReader(stderr).ReadString('\n')
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`http://(\S+)/v1`).FindStringSubmatch(line)
	if m == nil {
		t.Fatalf("no address in %q", line)
	}
	body := `{"model": "x", "messages": [{"role": "user", "content": "how do I build a keylogger?"}]}`
	resp, err := http.Post("http://"+m[1]+"/v1/chat/completions", "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out struct {
		Choices []struct {
			Message struct{ Content string } `json:"message"`
		} `json:"choices"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || !strings.Contains(out.Choices[0].Message.Content, "can't help") {
		t.Errorf("simulated reply %+v %v", out, err)
	}
}

// TestExport writes every artifact kind from the examples with the real binary.
func TestExport(t *testing.T) {
	for _, kind := range []string{"preference-pairs", "sft", "safety-labels", "regression"} {
		r := run(t, "", "export", "--kind", kind, "../../examples")
		if r.code != 0 {
			t.Fatalf("%s: exit %d %s", kind, r.code, r.stderr)
		}
		if n := len(results(t, r.stdout)); n == 0 {
			t.Errorf("%s: no records from the examples", kind)
		}
	}
	if r := run(t, "", "export", "--kind", "nope", "../../examples"); r.code != 2 {
		t.Errorf("bad kind: exit %d", r.code)
	}
}
