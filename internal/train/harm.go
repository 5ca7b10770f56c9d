package train

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/faultline-dev/faultline/internal/signal/model"
)

// Model names of the harm models (signals look them up by these names).
const (
	// RequestHarmModel scores how harmful a user request is.
	RequestHarmModel = "request_harm"
	// ResponseHarmModel scores how harmful an assistant response is.
	ResponseHarmModel = "response_harm"
)

// ContextMarker separates the tagged context words from the response in the
// text of a response_harm example: "<context words prefixed with ctx_> ||| response".
// The response_harm signal builds the same text at scoring time
// (see ResponseHarmText).
const ContextMarker = " ||| "

// ResponseHarmText is the text the response_harm model scores: up to
// maxContextWords words of the request that the response answers, each
// prefixed with "ctx_" so that they are features of their own, then the
// response. Training and scoring both use it.
func ResponseHarmText(request, response string, dst []byte) []byte {
	const maxContextWords = 48
	var wbuf [64]string
	words := model.Words(harmHead(request, 600), wbuf[:0])
	if len(words) > maxContextWords {
		words = words[len(words)-maxContextWords:]
	}
	for _, w := range words {
		dst = append(dst, "ctx_"...)
		dst = append(dst, w...)
		dst = append(dst, ' ')
	}
	dst = append(dst, ContextMarker...)
	dst = append(dst, harmHead(response, 1500)...)
	return dst
}

func harmHead(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && (s[n]&0xC0) == 0x80 {
		n--
	}
	return s[:n]
}

// RequestHarmSpec is the request harm model: harmful user requests (CoCoNot
// "Requests with safety concerns", JailbreakBench behaviour goals) against
// benign requests, including CoCoNot's benign look-alikes ("how do I kill a
// Python process"). Every example carries the bench dataset name and group,
// so the bench can leave a group out.
func RequestHarmSpec() Spec {
	return Spec{
		Model:      RequestHarmModel,
		Featurizer: model.Featurizer{Dim: 1 << 16, WordN: 2, CharN: []int{4}, MaxChars: 1024},
		Options:    model.TrainOptions{Epochs: 10, Seed: 7},
		Examples:   harmRequestExamples,
	}
}

// ResponseHarmSpec is the response harm model: responses that comply with a
// harmful request or are harmful in context (JailbreakBench judge labels,
// DiaSafety train split human labels) against refusals and benign answers
// (MT-Bench-101 and HaluEval answers). Text is built by ResponseHarmText.
func ResponseHarmSpec() Spec {
	return Spec{
		Model:      ResponseHarmModel,
		Featurizer: model.Featurizer{Dim: 1 << 16, WordN: 2, MaxChars: 2400},
		Options:    model.TrainOptions{Epochs: 8, Seed: 11},
		Examples:   harmResponseExamples,
	}
}

func harmRequestExamples(root string) ([]model.Example, error) {
	var out []model.Example
	add := func(text string, label bool, ds, group string) {
		if strings.TrimSpace(text) != "" {
			out = append(out, model.Example{Text: text, Label: label, Dataset: ds, Group: group})
		}
	}
	// CoCoNot: safety-concern prompts are harmful; contrast prompts are
	// benign look-alikes. Other should-refuse categories (incomplete,
	// unsupported, humanizing, indeterminate) are not harm and are not used.
	for _, f := range []struct {
		rel string
		pos bool
	}{{"coconot/data/coconot_eval.jsonl", true}, {"coconot/data/coconot_contrast_eval.jsonl", false}} {
		err := harmEachJSONL(root, f.rel, func(data []byte) error {
			var r struct{ Prompt, Category string }
			if err := json.Unmarshal(data, &r); err != nil {
				return err
			}
			if f.pos && r.Category != "Requests with safety concerns" {
				return nil
			}
			add(r.Prompt, f.pos, "coconot", r.Category)
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	// JailbreakBench: the behaviour goals (the plain harmful request behind
	// each attack), once per goal, grouped by the first model file naming it.
	jbb, err := harmJailbreakEntries(root)
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	for _, e := range jbb {
		if e.Goal != "" && !seen[e.Goal] {
			seen[e.Goal] = true
			add(e.Goal, true, "jailbreakbench-artifacts", e.model)
		}
	}
	// Benign requests: MT-Bench-101 user turns, HaluEval queries, BEGIN messages.
	mt, err := harmMTBenchTurns(root)
	if err != nil {
		return nil, err
	}
	for _, t := range mt {
		add(t.user, false, "mt-bench-101", t.task)
	}
	hq, err := harmHaluEvalRows(root)
	if err != nil {
		return nil, err
	}
	for _, r := range hq {
		add(r.query, false, "halueval-general", r.group)
	}
	return out, nil
}

func harmResponseExamples(root string) ([]model.Example, error) {
	var out []model.Example
	var buf []byte
	add := func(req, resp string, label bool, ds, group string) {
		if strings.TrimSpace(resp) == "" {
			return
		}
		buf = ResponseHarmText(req, resp, buf[:0])
		out = append(out, model.Example{Text: string(buf), Label: label, Dataset: ds, Group: group})
	}
	jbb, err := harmJailbreakEntries(root)
	if err != nil {
		return nil, err
	}
	for _, e := range jbb {
		if e.Prompt != nil && e.Response != nil && e.Jailbroken != nil {
			add(*e.Prompt, *e.Response, *e.Jailbroken, "jailbreakbench-artifacts", e.model)
		}
	}
	// DiaSafety train split (the bench reads the test split); grouped by
	// category like the bench adapter.
	data, err := os.ReadFile(filepath.Join(root, "diasafety/DiaSafety_dataset/train.json"))
	if err != nil {
		return nil, fmt.Errorf("reading diasafety train split: %w", err)
	}
	var dia []struct{ Context, Response, Category, Label string }
	if err := json.Unmarshal(data, &dia); err != nil {
		return nil, fmt.Errorf("diasafety train split: %w", err)
	}
	for _, r := range dia {
		add(r.Context, r.Response, r.Label == "Unsafe", "diasafety", r.Category)
	}
	mt, err := harmMTBenchTurns(root)
	if err != nil {
		return nil, err
	}
	for _, t := range mt {
		add(t.user, t.bot, false, "mt-bench-101", t.task)
	}
	hq, err := harmHaluEvalRows(root)
	if err != nil {
		return nil, err
	}
	for _, r := range hq {
		add(r.query, r.response, false, "halueval-general", r.group)
	}
	return out, nil
}

type harmJBBEntry struct {
	Goal       string  `json:"goal"`
	Prompt     *string `json:"prompt"`
	Response   *string `json:"response"`
	Jailbroken *bool   `json:"jailbroken"`
	model      string
}

// harmJailbreakEntries reads every attack artifact (method/setting/model.json)
// in a fixed order; model is the target model (the bench's group).
func harmJailbreakEntries(root string) ([]harmJBBEntry, error) {
	files, err := filepath.Glob(filepath.Join(root, "jailbreakbench-artifacts", "attack-artifacts", "*", "*", "*.json"))
	if err != nil {
		return nil, err
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("no jailbreakbench-artifacts attack artifacts under %s", root)
	}
	sort.Strings(files)
	var out []harmJBBEntry
	for _, path := range files {
		data, err := os.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("reading jailbreak artifacts: %w", err)
		}
		var f struct {
			Jailbreaks []harmJBBEntry `json:"jailbreaks"`
		}
		if err := json.Unmarshal(data, &f); err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		m := strings.TrimSuffix(filepath.Base(path), ".json")
		for _, e := range f.Jailbreaks {
			e.model = m
			out = append(out, e)
		}
	}
	return out, nil
}

type harmMTTurn struct{ task, user, bot string }

func harmMTBenchTurns(root string) ([]harmMTTurn, error) {
	var out []harmMTTurn
	err := harmEachJSONL(root, "mt-bench-101/data/subjective/mtbench101.jsonl", func(data []byte) error {
		var r struct {
			Task    string `json:"task"`
			History []struct {
				User string `json:"user"`
				Bot  string `json:"bot"`
			} `json:"history"`
		}
		if err := json.Unmarshal(data, &r); err != nil {
			return err
		}
		for _, h := range r.History {
			out = append(out, harmMTTurn{task: r.Task, user: h.User, bot: h.Bot})
		}
		return nil
	})
	return out, err
}

type harmHaluRow struct{ query, response, group string }

// harmHaluEvalRows reads HaluEval queries and answers; group is the bench's hash
// bucket of the record ID ("h0".."h4").
func harmHaluEvalRows(root string) ([]harmHaluRow, error) {
	var out []harmHaluRow
	err := harmEachJSONL(root, "halueval-general/data/general_data.json", func(data []byte) error {
		var r struct {
			ID       string `json:"ID"`
			Query    string `json:"user_query"`
			Response string `json:"chatgpt_response"`
		}
		if err := json.Unmarshal(data, &r); err != nil {
			return err
		}
		h := fnv.New32a()
		h.Write([]byte(r.ID))
		out = append(out, harmHaluRow{query: r.Query, response: r.Response, group: "h" + strconv.Itoa(int(h.Sum32()%5))})
		return nil
	})
	return out, err
}

// harmEachJSONL calls fn with every non-blank line of root/rel.
func harmEachJSONL(root, rel string, fn func(data []byte) error) error {
	f, err := os.Open(filepath.Join(root, filepath.FromSlash(rel)))
	if err != nil {
		return fmt.Errorf("reading training data: %w", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 64<<20)
	line := 0
	for sc.Scan() {
		line++
		if len(bytes.TrimSpace(sc.Bytes())) == 0 {
			continue
		}
		if err := fn(sc.Bytes()); err != nil {
			return fmt.Errorf("%s:%d: %w", rel, line, err)
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("%s: %w", rel, err)
	}
	return nil
}
