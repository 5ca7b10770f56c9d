package bench

import "errors"

const mtBenchFile = "mt-bench-101/data/subjective/mtbench101.jsonl"

// loadMTBench101 reads mt-bench-101/data/subjective/mtbench101.jsonl
// ({task, id, history: [{user, bot}]}): each dialogue becomes alternating
// user and assistant messages. Every example is negative (benign traffic, for
// false-positive rates). Group = task (AR, CC, GR, ...).
func loadMTBench101(root string) ([]Example, Skips, error) {
	var out []Example
	err := readJSONL(root, mtBenchFile, func(line int, data []byte) error {
		var r struct {
			Task    string `json:"task"`
			History []struct {
				User string `json:"user"`
				Bot  string `json:"bot"`
			} `json:"history"`
		}
		if err := decodeLine(data, &r); err != nil {
			return err
		}
		if len(r.History) == 0 {
			return errors.New("empty history")
		}
		t := newTrajectory(source(mtBenchFile, line), "mt-bench-101")
		for _, h := range r.History {
			t.Messages = append(t.Messages, user(h.User), assistant(h.Bot))
		}
		out = append(out, Example{Trajectory: t, Group: r.Task})
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	return out, Skips{}, nil
}
