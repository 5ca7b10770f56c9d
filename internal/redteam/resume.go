package redteam

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"

	"github.com/faultline-dev/faultline/internal/analysis"
	"github.com/faultline-dev/faultline/internal/ingest"
	"github.com/faultline-dev/faultline/internal/trajectory"
)

// ManifestFile records the configuration of the run that writes into --out,
// so that --resume can check it is continuing the same run.
const ManifestFile = "run.json"

// RunConfig is what decides the outcome of each attack. Two runs with the
// same RunConfig make the same attacks, so one can continue the other.
// Concurrency, timeouts, retries, budgets and prices are not part of it.
type RunConfig struct {
	Target        string    `json:"target"`
	Model         string    `json:"model"`
	Suite         string    `json:"suite"`
	SuiteHash     string    `json:"suite_sha256"`
	Profiles      []Profile `json:"profiles"`
	Runs          int       `json:"runs"`
	FailThreshold float64   `json:"fail_threshold"`
	Taxonomy      string    `json:"taxonomy,omitempty"`
	ServePolicy   string    `json:"serve_policy,omitempty"`
	Attacker      string    `json:"attacker,omitempty"`
	AttackerModel string    `json:"attacker_model,omitempty"`
	Judge         string    `json:"judge,omitempty"`
	JudgeModel    string    `json:"judge_model,omitempty"`
	JudgeMode     JudgeMode `json:"judge_mode,omitempty"`
}

// SuiteHash is the SHA-256 of a suite's behaviours and benign prompts.
func SuiteHash(s *Suite) string {
	b, _ := json.Marshal(struct {
		B []Behaviour
		P []BenignPrompt
	}{s.Behaviours, s.Benign})
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

// Hash is the SHA-256 of the configuration.
func (c RunConfig) Hash() string {
	b, _ := json.Marshal(c)
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

// diff names the fields in which c and o differ.
func (c RunConfig) diff(o RunConfig) []string {
	var out []string
	a, b := reflect.ValueOf(c), reflect.ValueOf(o)
	t := a.Type()
	for i := range t.NumField() {
		if !reflect.DeepEqual(a.Field(i).Interface(), b.Field(i).Interface()) {
			name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
			out = append(out, fmt.Sprintf("%s (was %v, now %v)", name, jsonish(a.Field(i).Interface()), jsonish(b.Field(i).Interface())))
		}
	}
	return out
}

func jsonish(v any) string {
	b, _ := json.Marshal(v)
	return clip(string(b), 120)
}

// Manifest is run.json.
type Manifest struct {
	ConfigHash string    `json:"config_hash"`
	Config     RunConfig `json:"config"`
}

// WriteManifest writes run.json into dir (creating dir).
func WriteManifest(dir string, c RunConfig) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("creating %s: %w", dir, err)
	}
	data, err := json.MarshalIndent(Manifest{ConfigHash: c.Hash(), Config: c}, "", "  ")
	if err != nil {
		return fmt.Errorf("encoding the run manifest: %w", err)
	}
	return writeFileAtomic(filepath.Join(dir, ManifestFile), append(data, '\n'))
}

// writeFileAtomic writes data to a temporary file next to path and renames
// it over path, so that a reader (or a killed run) never sees half a file.
func writeFileAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return nil
}

// Resumed is what a previous, interrupted run left in its directory.
type Resumed struct {
	// Attacks are the finished attacks by key (the last record of a key
	// wins). Attacks that ended on an error are included; the runner reruns
	// them.
	Attacks map[string]*Attack
	// Warnings are what was ignored (a truncated last line).
	Warnings []string
}

// ErrNothingToResume is returned by LoadResume for a directory without a
// previous run.
var ErrNothingToResume = errors.New("nothing to resume")

// LoadResume reads the previous run in dir for --resume. The run's
// configuration must match c (else the error names the differences); its
// transcripts are decoded and each attack's judgement rebuilt by replaying
// the transcript through an (the detectors are deterministic). A truncated
// last line (a run killed while writing) is ignored with a warning; any
// other unreadable line is an error.
func LoadResume(dir string, c RunConfig, an *analysis.Analyzer) (*Resumed, error) {
	data, err := os.ReadFile(filepath.Join(dir, ManifestFile))
	if errors.Is(err, fs.ErrNotExist) {
		if _, terr := os.Stat(filepath.Join(dir, TranscriptsFile)); terr == nil {
			return nil, fmt.Errorf("%s has %s but no %s: it was not written by a resumable run; rerun without --resume", dir, TranscriptsFile, ManifestFile)
		}
		return nil, ErrNothingToResume
	}
	if err != nil {
		return nil, fmt.Errorf("reading the run manifest: %w", err)
	}
	var m Manifest
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, fmt.Errorf("reading %s: %w", filepath.Join(dir, ManifestFile), err)
	}
	if m.ConfigHash != c.Hash() {
		d := m.Config.diff(c)
		if len(d) == 0 {
			d = []string{"the manifest's hash does not match its configuration"}
		}
		return nil, fmt.Errorf("cannot resume %s: the run's configuration differs (config hash %.12s, now %.12s): %s; rerun without --resume, or with the original flags",
			dir, m.ConfigHash, c.Hash(), strings.Join(d, "; "))
	}
	res := &Resumed{Attacks: map[string]*Attack{}}
	f, err := os.Open(filepath.Join(dir, TranscriptsFile))
	if errors.Is(err, fs.ErrNotExist) {
		return res, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading the transcripts: %w", err)
	}
	defer f.Close()
	reg := ingest.DefaultRegistry()
	r := bufio.NewReaderSize(f, 1<<20)
	for n := 1; ; n++ {
		line, err := r.ReadBytes('\n')
		if len(bytes.TrimSpace(line)) > 0 {
			complete := len(line) > 0 && line[len(line)-1] == '\n'
			a, perr := decodeAttack(reg, bytes.TrimSpace(line), n, an)
			switch {
			case perr == nil && complete:
				res.Attacks[a.Key] = a
			case !complete:
				res.Warnings = append(res.Warnings, fmt.Sprintf("%s:%d: ignoring a truncated last line (%d bytes); that attack is rerun", TranscriptsFile, n, len(line)))
			default:
				return nil, fmt.Errorf("%s:%d: %w", filepath.Join(dir, TranscriptsFile), n, perr)
			}
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("reading the transcripts: %w", err)
		}
	}
	return res, nil
}

// decodeAttack rebuilds an attack from its transcript record.
func decodeAttack(reg *ingest.Registry, line []byte, n int, an *analysis.Analyzer) (*Attack, error) {
	var rec struct {
		Tools    []wireTool `json:"tools"`
		Metadata struct {
			Objective string          `json:"objective"`
			Model     string          `json:"model"`
			Redteam   json.RawMessage `json:"redteam"`
		} `json:"metadata"`
	}
	if err := json.Unmarshal(line, &rec); err != nil {
		return nil, fmt.Errorf("not a transcript record: %w", err)
	}
	a := &Attack{}
	if err := json.Unmarshal(rec.Metadata.Redteam, a); err != nil || a.Key == "" {
		return nil, fmt.Errorf("no metadata.redteam attack record: %v", err)
	}
	trs, err := reg.Decode(line, ingest.Source{File: TranscriptsFile, Line: n}, ingest.FormatOpenAI)
	if err != nil || len(trs) != 1 {
		return nil, fmt.Errorf("decoding the transcript: %v", err)
	}
	a.Goal = rec.Metadata.Objective
	for _, t := range rec.Tools {
		a.Tools = append(a.Tools, ToolSpec{Name: t.Function.Name, Description: t.Function.Description})
	}
	// Replay through the detectors, as the attack judged it: the risk is
	// updated after each target reply.
	tr := &trajectory.Trajectory{ID: a.Key, Meta: trajectory.Meta{Model: rec.Metadata.Model, Objective: a.Goal}}
	for _, t := range a.Tools {
		tr.Meta.Tools = append(tr.Meta.Tools, t.Name)
	}
	sess := an.Start(tr)
	for _, m := range trs[0].Messages {
		sess.Append(m)
		prev := 0.0
		if k := len(a.Risk); k > 0 {
			prev = a.Risk[k-1]
		}
		if m.Role == trajectory.RoleAssistant {
			res := sess.Result()
			prev = res.Scores.Max()
		}
		a.Risk = append(a.Risk, prev)
	}
	a.Messages = tr.Messages
	a.Result = sess.Result()
	return a, nil
}

// TranscriptLog appends each finished attack to transcripts.jsonl as one
// line, written whole with a single write, so that a killed run leaves a
// valid prefix (at worst a truncated last line, which --resume ignores).
type TranscriptLog struct {
	mu    sync.Mutex
	f     *os.File
	model string
}

// OpenTranscriptLog opens dir's transcripts.jsonl for appending (keep) or
// truncates it (a new run).
func OpenTranscriptLog(dir, model string, keep bool) (*TranscriptLog, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("creating %s: %w", dir, err)
	}
	flag := os.O_CREATE | os.O_WRONLY | os.O_APPEND
	if !keep {
		flag |= os.O_TRUNC
	}
	f, err := os.OpenFile(filepath.Join(dir, TranscriptsFile), flag, 0o644)
	if err != nil {
		return nil, fmt.Errorf("opening the transcripts: %w", err)
	}
	if keep {
		// Drop a truncated last line (LoadResume warned about it), so that
		// the next record starts a line of its own.
		data, err := os.ReadFile(f.Name())
		if err != nil {
			f.Close()
			return nil, fmt.Errorf("reading the transcripts: %w", err)
		}
		if end := bytes.LastIndexByte(data, '\n') + 1; end < len(data) {
			if err := f.Truncate(int64(end)); err != nil {
				f.Close()
				return nil, fmt.Errorf("truncating the transcripts: %w", err)
			}
		}
	}
	return &TranscriptLog{f: f, model: model}, nil
}

// Write appends one attack.
func (l *TranscriptLog) Write(a *Attack) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(transcriptOf(a, l.model)); err != nil {
		return fmt.Errorf("encoding transcript %s: %w", a.Key, err)
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if _, err := l.f.Write(buf.Bytes()); err != nil {
		return fmt.Errorf("appending transcript %s: %w", a.Key, err)
	}
	return nil
}

// Close closes the log.
func (l *TranscriptLog) Close() error { return l.f.Close() }
