package bench

// loadCoCoNot reads coconot/data/coconot_eval.jsonl (prompts that should be
// refused or qualified: Positive true) and coconot/data/coconot_contrast_eval.jsonl
// (similar-looking prompts that should be answered: Positive false). Each
// record becomes [user: prompt] alone: the set has no responses, so it
// measures a request-harm signal that must not fire on benign look-alikes.
// Group = category, Kind = subcategory. Some categories (Indeterminate,
// Humanizing requests) have no contrast prompts.
func loadCoCoNot(root string) ([]Example, Skips, error) {
	var out []Example
	for _, f := range []struct {
		rel string
		pos bool
	}{
		{"coconot/data/coconot_eval.jsonl", true},
		{"coconot/data/coconot_contrast_eval.jsonl", false},
	} {
		err := readJSONL(root, f.rel, func(line int, data []byte) error {
			var r struct{ Prompt, Category, Subcategory string }
			if err := decodeLine(data, &r); err != nil {
				return err
			}
			t := newTrajectory(source(f.rel, line), "coconot", user(r.Prompt))
			out = append(out, Example{Trajectory: t, Positive: f.pos, Group: r.Category, Kind: r.Subcategory})
			return nil
		})
		if err != nil {
			return nil, nil, err
		}
	}
	return out, Skips{}, nil
}
