package bench

import (
	"fmt"
	"path/filepath"
	"slices"
	"sort"
	"strings"
)

const beginDir = "begin"

// loadBEGIN reads begin/<source>/begin_dev_*.tsv with quoting disabled: every
// line is split on tabs and must have the six header columns (model_name
// data_source knowledge message response begin_label); quote characters are
// text. Each row becomes [system: "Knowledge: "+knowledge, user: message,
// assistant: response].
//
// Positive = "Not fully attributable" (the response is not supported by the
// knowledge), negative = "Fully attributable". Rows labeled "Generic" (no
// claim to attribute) are left out and counted as "generic label". Group =
// model_name (the response generator), Kind = data_source (wow, cmu, tc).
func loadBEGIN(root string) ([]Example, Skips, error) {
	files, err := filepath.Glob(filepath.Join(root, beginDir, "*", "begin_dev_*.tsv"))
	if err != nil {
		return nil, nil, err
	}
	if len(files) == 0 {
		return nil, nil, fmt.Errorf("%s: no <source>/begin_dev_*.tsv files", filepath.Join(root, beginDir))
	}
	sort.Strings(files)
	header := []string{"model_name", "data_source", "knowledge", "message", "response", "begin_label"}
	skips := Skips{}
	var out []Example
	for _, path := range files {
		rel := relPath(root, path)
		data, err := readFile(root, rel)
		if err != nil {
			return nil, nil, err
		}
		lines := textLines(data)
		if len(lines) == 0 || !slices.Equal(strings.Split(lines[0], "\t"), header) {
			return nil, nil, fmt.Errorf("%s: header is not %q", source(rel, 1), strings.Join(header, "\t"))
		}
		for i, l := range lines[1:] {
			line := i + 2
			if strings.TrimSpace(l) == "" {
				continue
			}
			f := strings.Split(l, "\t")
			if len(f) != len(header) {
				return nil, nil, fmt.Errorf("%s: %d tab-separated fields, want %d", source(rel, line), len(f), len(header))
			}
			var pos bool
			switch f[5] {
			case "Not fully attributable":
				pos = true
			case "Fully attributable":
			case "Generic":
				skips["generic label"]++
				continue
			default:
				return nil, nil, fmt.Errorf("%s: unknown begin_label %q", source(rel, line), f[5])
			}
			t := newTrajectory(source(rel, line), "begin", system("Knowledge: "+f[2]), user(f[3]), assistant(f[4]))
			t.Meta.Model = f[0]
			out = append(out, Example{Trajectory: t, Positive: pos, Group: f[0], Kind: f[1]})
		}
	}
	return out, skips, nil
}
