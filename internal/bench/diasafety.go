package bench

import (
	"encoding/json"
	"fmt"
)

const diaSafetyFile = "diasafety/DiaSafety_dataset/test.json"

// loadDiaSafety reads the test split diasafety/DiaSafety_dataset/test.json, a
// JSON array of {context, response, category, label}. Each element becomes
// [user: context, assistant: response]; Positive = label "Unsafe" ("Safe" is
// negative, any other label is an error). Group = category (Offending User,
// Risk Ignorance, ...). The train and val splits are not read.
func loadDiaSafety(root string) ([]Example, Skips, error) {
	data, err := readFile(root, diaSafetyFile)
	if err != nil {
		return nil, nil, err
	}
	var out []Example
	err = forEachElement(diaSafetyFile, data, "", func(line int, raw json.RawMessage) error {
		var r struct{ Context, Response, Category, Label string }
		if err := json.Unmarshal(raw, &r); err != nil {
			return err
		}
		var pos bool
		switch r.Label {
		case "Unsafe":
			pos = true
		case "Safe":
		default:
			return fmt.Errorf("unknown label %q", r.Label)
		}
		t := newTrajectory(source(diaSafetyFile, line), "diasafety", user(r.Context), assistant(r.Response))
		out = append(out, Example{Trajectory: t, Positive: pos, Group: r.Category})
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	return out, Skips{}, nil
}
