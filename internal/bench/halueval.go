package bench

import "fmt"

const haluEvalFile = "halueval-general/data/general_data.json"

// loadHaluEval reads halueval-general/data/general_data.json (JSON lines of
// {ID, user_query, chatgpt_response, hallucination}). Each line becomes
// [user: user_query, assistant: chatgpt_response]; Positive = hallucination
// "yes". All answers come from one model (ChatGPT), so there is no natural
// out-of-group unit: Group is a stable hash bucket of the record's ID, "h0"
// to "h4", which gives five fixed folds.
func loadHaluEval(root string) ([]Example, Skips, error) {
	var out []Example
	err := readJSONL(root, haluEvalFile, func(line int, data []byte) error {
		var r struct {
			ID              string `json:"ID"`
			UserQuery       string `json:"user_query"`
			ChatGPTResponse string `json:"chatgpt_response"`
			Hallucination   string `json:"hallucination"`
		}
		if err := decodeLine(data, &r); err != nil {
			return err
		}
		var pos bool
		switch r.Hallucination {
		case "yes":
			pos = true
		case "no":
		default:
			return fmt.Errorf("unknown hallucination label %q", r.Hallucination)
		}
		t := newTrajectory(source(haluEvalFile, line), "halueval", user(r.UserQuery), assistant(r.ChatGPTResponse))
		out = append(out, Example{Trajectory: t, Positive: pos, Group: bucket("h", r.ID, 5)})
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	return out, Skips{}, nil
}
