package bench

import (
	"errors"
	"fmt"
	"strings"
)

const truthfulQAFile = "truthfulqa-judge-labels/data/finetune_truth.jsonl"

// loadTruthfulQA reads truthfulqa-judge-labels/data/finetune_truth.jsonl
// ({"prompt": "Q: ...\nA: ...\nTrue:", "completion": " yes"|" no"}). The
// prompt is split at its first "\nA: " into [user: question, assistant:
// answer] (an answer may itself contain "\nA: "). Positive = completion " no":
// the answer is false. Group = a stable hash bucket of the question, "q0" to
// "q4", so that every answer to one question falls in the same group.
func loadTruthfulQA(root string) ([]Example, Skips, error) {
	var out []Example
	err := readJSONL(root, truthfulQAFile, func(line int, data []byte) error {
		var r struct{ Prompt, Completion string }
		if err := decodeLine(data, &r); err != nil {
			return err
		}
		q, a, err := splitTruthfulQA(r.Prompt)
		if err != nil {
			return err
		}
		var pos bool
		switch strings.TrimSpace(r.Completion) {
		case "no":
			pos = true
		case "yes":
		default:
			return fmt.Errorf("unknown completion %q", r.Completion)
		}
		t := newTrajectory(source(truthfulQAFile, line), "truthfulqa", user(q), assistant(a))
		out = append(out, Example{Trajectory: t, Positive: pos, Group: bucket("q", q, 5)})
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	return out, Skips{}, nil
}

// splitTruthfulQA splits "Q: <question>\nA: <answer>\nTrue:".
func splitTruthfulQA(p string) (question, answer string, err error) {
	rest, ok := strings.CutPrefix(p, "Q: ")
	if !ok {
		return "", "", errors.New(`prompt does not start with "Q: "`)
	}
	rest, ok = strings.CutSuffix(rest, "\nTrue:")
	if !ok {
		return "", "", errors.New(`prompt does not end with "\nTrue:"`)
	}
	question, answer, ok = strings.Cut(rest, "\nA: ")
	if !ok {
		return "", "", errors.New(`prompt has no "\nA: "`)
	}
	return strings.TrimSpace(question), strings.TrimSpace(answer), nil
}
