package bench

import "fmt"

// deepsetLoader returns the adapter of deepset-prompt-injections/<split>.jsonl
// ({"text", "label"}): each line becomes [user: text]; Positive = label 1 (an
// injection), label 0 is negative. Group is "deepset" (one source). The set is
// partly German and somewhat noisy. "test" is the development split, "train"
// is kept for training.
func deepsetLoader(split string) func(string) ([]Example, Skips, error) {
	return func(root string) ([]Example, Skips, error) {
		rel := "deepset-prompt-injections/" + split + ".jsonl"
		var out []Example
		err := readJSONL(root, rel, func(line int, data []byte) error {
			var r struct {
				Text  string `json:"text"`
				Label *int   `json:"label"`
			}
			if err := decodeLine(data, &r); err != nil {
				return err
			}
			if r.Label == nil || (*r.Label != 0 && *r.Label != 1) {
				return fmt.Errorf("label must be 0 or 1")
			}
			t := newTrajectory(source(rel, line), "deepset", user(r.Text))
			out = append(out, Example{Trajectory: t, Positive: *r.Label == 1, Group: "deepset"})
			return nil
		})
		if err != nil {
			return nil, nil, err
		}
		return out, Skips{}, nil
	}
}
