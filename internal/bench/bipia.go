package bench

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/faultline-dev/faultline/internal/trajectory"
)

const bipiaDir = "bipia/benchmark"

// The tool through which BIPIA contexts reach the model.
const (
	bipiaTool   = "retrieve_document"
	bipiaCallID = "call_0"
	bipiaSystem = "You are a helpful assistant."
)

// bipiaTask is a context task with the attack family inserted into its contexts.
type bipiaTask struct{ name, attacks string }

// bipiaTasks returns the context tasks in the order they are read.
func bipiaTasks() []bipiaTask {
	return []bipiaTask{{"email", "text"}, {"table", "text"}, {"code", "code"}}
}

// bipiaPositions returns the insertion positions in round-robin order.
func bipiaPositions() []string { return []string{"start", "middle", "end"} }

type bipiaAttack struct {
	category string
	index    int // within its category
	text     string
}

// bipiaLoader returns the adapter of the BIPIA split ("test" or "train"):
// clean contexts benchmark/{email,table,code}/<split>.jsonl (a task without a
// file for the split, such as table/train.jsonl, is left out) and attacks
// benchmark/{text,code}_attack_<split>.json ({category: [attack]}; text
// attacks go into email and table contexts, code attacks into code contexts).
//
// Every context gives two examples: [system, user: question, assistant: call
// of retrieve_document {}, tool: context] with the context clean (negative)
// or with one attack inserted (positive), at the start, near the middle (at
// the line, else sentence, else word boundary closest to the middle) or at the
// end; there is no answer after the tool result, the question is whether the
// context is flagged. Attacks and positions are assigned round-robin, so the
// choice is deterministic and balanced: the k-th context of an attack family
// gets attack k mod n of the family's attacks (categories in name order) at
// position (k + k/n) mod 3. Code contexts have no question field: the user
// message is built from their error and code, as BIPIA's code task does.
//
// Group = the attack category, for the clean twin too, so that holding out a
// category holds out both halves; Pair links the twins; Kind =
// "<task>/<position>" or "<task>/clean".
func bipiaLoader(split string) func(string) ([]Example, Skips, error) {
	return func(root string) ([]Example, Skips, error) {
		attacks := map[string][]bipiaAttack{}
		for _, fam := range []string{"text", "code"} {
			a, err := readBIPIAAttacks(root, bipiaDir+"/"+fam+"_attack_"+split+".json")
			if err != nil {
				return nil, nil, err
			}
			attacks[fam] = a
		}
		used := map[string]int{}
		var out []Example
		positions := bipiaPositions()
		for _, task := range bipiaTasks() {
			rel := bipiaDir + "/" + task.name + "/" + split + ".jsonl"
			err := readJSONL(root, rel, func(line int, data []byte) error {
				question, context, err := bipiaContext(task.name, data)
				if err != nil {
					return err
				}
				fam := attacks[task.attacks]
				k := used[task.attacks]
				used[task.attacks]++
				a := fam[k%len(fam)]
				pos := positions[(k+k/len(fam))%len(positions)]
				src := source(rel, line)
				clean := bipiaTrajectory(src+"/clean", src, question, context)
				attacked := bipiaTrajectory(src+"/attack/"+a.category+"#"+strconv.Itoa(a.index)+"/"+pos, src,
					question, insertAttack(context, a.text, pos))
				out = append(out,
					Example{Trajectory: clean, Group: a.category, Pair: src, Kind: task.name + "/clean"},
					Example{Trajectory: attacked, Positive: true, Group: a.category, Pair: src, Kind: task.name + "/" + pos})
				return nil
			})
			if errors.Is(err, fs.ErrNotExist) {
				continue
			}
			if err != nil {
				return nil, nil, err
			}
		}
		if len(out) == 0 {
			return nil, nil, fmt.Errorf("%s: no contexts for split %q", bipiaDir, split)
		}
		return out, Skips{}, nil
	}
}

func readBIPIAAttacks(root, rel string) ([]bipiaAttack, error) {
	data, err := readFile(root, rel)
	if err != nil {
		return nil, err
	}
	var byCat map[string][]string
	if err := decodeLine(data, &byCat); err != nil {
		return nil, fmt.Errorf("%s: %w", rel, err)
	}
	cats := make([]string, 0, len(byCat))
	for c := range byCat {
		cats = append(cats, c)
	}
	sort.Strings(cats)
	var out []bipiaAttack
	for _, c := range cats {
		for i, s := range byCat[c] {
			out = append(out, bipiaAttack{category: c, index: i, text: s})
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s: no attacks", rel)
	}
	return out, nil
}

// bipiaContext returns the question and the context of one context record.
func bipiaContext(task string, data []byte) (question, context string, err error) {
	var r struct {
		Question string          `json:"question"`
		Context  json.RawMessage `json:"context"`
		Error    []string        `json:"error"`
		Code     []string        `json:"code"`
	}
	if err := decodeLine(data, &r); err != nil {
		return "", "", err
	}
	context, err = textOrLines(r.Context)
	if err != nil {
		return "", "", fmt.Errorf("context: %w", err)
	}
	question = r.Question
	if task == "code" && question == "" {
		question = "I received the following error message when running my code:\n```\n" +
			strings.Join(r.Error, "\n") + "\n```\n\nHere is my code:\n```\n" +
			strings.Join(r.Code, "\n") + "\n```\n\nFix the bug in my code."
	}
	if question == "" {
		return "", "", errors.New("record has no question")
	}
	return question, context, nil
}

// textOrLines decodes a string or an array of lines (joined with "\n").
func textOrLines(raw json.RawMessage) (string, error) {
	var s string
	if err := json.Unmarshal(raw, &s); err == nil {
		return s, nil
	}
	var lines []string
	if err := json.Unmarshal(raw, &lines); err != nil {
		return "", errors.New("must be a string or an array of strings")
	}
	return strings.Join(lines, "\n"), nil
}

func bipiaTrajectory(id, src, question, context string) trajectory.Trajectory {
	t := newTrajectory(src, "bipia",
		system(bipiaSystem),
		user(question),
		trajectory.Message{Role: trajectory.RoleAssistant, ToolCalls: []trajectory.ToolCall{
			{ID: bipiaCallID, Name: bipiaTool, Arguments: map[string]any{}},
		}},
		trajectory.Message{Role: trajectory.RoleTool, Name: bipiaTool, ToolCallID: bipiaCallID, Content: context},
	)
	t.ID = id
	t.Meta.Tools = []string{bipiaTool}
	return t
}

// insertAttack inserts attack into context at pos ("start", "middle", "end").
func insertAttack(context, attack, pos string) string {
	switch pos {
	case "start":
		return attack + "\n" + context
	case "end":
		return context + "\n" + attack
	}
	i, atLine := middleBoundary(context)
	if atLine {
		return context[:i] + attack + "\n" + context[i:]
	}
	return strings.TrimRight(context[:i], " ") + " " + attack + " " + strings.TrimLeft(context[i:], " ")
}

// middleBoundary returns the boundary closest to the middle of s: the start of
// a line if s has more than one line, else the start of a sentence, else the
// start of a word, else the middle rune. atLine reports a line start.
func middleBoundary(s string) (i int, atLine bool) {
	if s == "" {
		return 0, false
	}
	mid := len(s) / 2
	for _, sep := range []string{"\n", ". ", "! ", "? ", " "} {
		best := -1
		for j := 0; ; {
			k := strings.Index(s[j:], sep)
			if k < 0 {
				break
			}
			b := j + k + len(sep)
			if b < len(s) && (best < 0 || abs(b-mid) < abs(best-mid)) {
				best = b
			}
			j = j + k + len(sep)
		}
		if best > 0 {
			return best, sep == "\n"
		}
	}
	for mid > 0 && !utf8.RuneStart(s[mid]) {
		mid--
	}
	return mid, false
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
