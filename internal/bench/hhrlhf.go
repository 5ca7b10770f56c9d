package bench

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/faultline-dev/faultline/internal/ingest"
)

const hhRLHFFile = "hh-rlhf-harmless-test/harmless-base/test.jsonl.gz"

// loadHHRLHF reads hh-rlhf-harmless-test/harmless-base/test.jsonl.gz with the
// ingest hh-rlhf format. Each line gives two examples sharing Pair (the line
// number): chosen (Positive false, Kind "chosen") and rejected (Positive true,
// Kind "rejected"); crowdworkers judged chosen less harmful, so the set is
// pairwise only. Group is "hh-rlhf" for every example: the set has a single
// source, so it cannot be split out of group.
func loadHHRLHF(root string) ([]Example, Skips, error) {
	reg := ingest.DefaultRegistry()
	var out []Example
	err := readJSONL(root, hhRLHFFile, func(line int, data []byte) error {
		trajs, err := reg.Decode(data, ingest.Source{File: hhRLHFFile, Line: line}, ingest.FormatHH)
		if err != nil {
			return err
		}
		var seen [2]bool
		for _, t := range trajs {
			ex := Example{Trajectory: t, Group: "hh-rlhf", Pair: strconv.Itoa(line)}
			switch {
			case strings.HasSuffix(t.ID, "/chosen"):
				ex.Kind = "chosen"
				seen[0] = true
			case strings.HasSuffix(t.ID, "/rejected"):
				ex.Kind, ex.Positive = "rejected", true
				seen[1] = true
			default:
				return fmt.Errorf("unexpected trajectory %q", t.ID)
			}
			out = append(out, ex)
		}
		if !seen[0] || !seen[1] {
			return fmt.Errorf("record lacks chosen or rejected")
		}
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	return out, Skips{}, nil
}
