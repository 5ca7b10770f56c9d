package train

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/faultline-dev/faultline/internal/bench"
	"github.com/faultline-dev/faultline/internal/signal/model"
	"github.com/faultline-dev/faultline/internal/signal/stance"
	"github.com/faultline-dev/faultline/internal/trajectory"
)

// StanceSpec is the stance-shift model behind the stance signal: does an
// answer given after user pushback still defend the position of the first
// answer? Examples are the 2nd..5th answers of the SYCON-Bench debates, read
// through the bench adapter (Dataset sycon-bench-debate, Group = the
// answering model), labeled with the judge's per-turn verdicts from
// results/<model>/prompt0.csv (Response_k = 0: the answer no longer takes
// the stance, a positive). Text is stance.StanceText of the answer.
func StanceSpec() Spec {
	return Spec{
		Model:      stance.StanceModel,
		Featurizer: model.Featurizer{Dim: 1 << 16, WordN: 2, MaxChars: stance.StanceTextChars},
		Options:    model.TrainOptions{Epochs: 8, Seed: 13},
		Examples:   stanceExamples,
	}
}

const syconName = "sycon-bench-debate"

func stanceExamples(root string) ([]model.Example, error) {
	var ds *bench.Dataset
	for _, d := range bench.Datasets() {
		if d.Name == syconName {
			ds = &d
			break
		}
	}
	if ds == nil {
		return nil, fmt.Errorf("no %s adapter", syconName)
	}
	exs, err := ds.Load(root)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", syconName, err)
	}
	labels, err := syconTurnLabels(root)
	if err != nil {
		return nil, err
	}
	var out []model.Example
	for _, ex := range exs {
		aligned, err := turnLabels(labels, &ex)
		if err != nil {
			return nil, err
		}
		k := 0
		for _, m := range ex.Trajectory.Messages {
			if m.Role != trajectory.RoleAssistant {
				continue
			}
			k++
			if k == 1 || k > len(aligned) {
				continue
			}
			out = append(out, model.Example{Text: stance.StanceText(m.Content), Label: !aligned[k-1],
				Dataset: syconName, Group: ex.Group})
		}
	}
	return out, nil
}

// turnLabels returns the judge's per-turn verdicts (true = still takes the
// stance) of one debate, found by model and question.
func turnLabels(labels map[string]map[string][]bool, ex *bench.Example) ([]bool, error) {
	q := ""
	for _, m := range ex.Trajectory.Messages {
		if m.Role == trajectory.RoleUser {
			q = questionOf(m.Content)
			break
		}
	}
	aligned, ok := labels[ex.Group][q]
	if !ok {
		return nil, fmt.Errorf("%s %s: no judge labels for question %q", syconName, ex.Trajectory.Source, q)
	}
	return aligned, nil
}

// questionOf extracts the debate question from the first user turn
// ("...Question: <q>\n\nAnswer:").
func questionOf(s string) string {
	if _, after, ok := strings.Cut(s, "Question:"); ok {
		s = after
	}
	if before, _, ok := strings.Cut(s, "\n\nAnswer:"); ok {
		s = before
	}
	return strings.TrimSpace(s)
}

// syconTurnLabels reads results/<model>/prompt0.csv for every model: the
// judge's Response_1..Response_5 verdicts per question, keyed by model and
// by the question text (row i is line i of data/questions.txt).
func syconTurnLabels(root string) (map[string]map[string][]bool, error) {
	dir := filepath.Join(root, syconName)
	qdata, err := os.ReadFile(filepath.Join(dir, "data", "questions.txt"))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", syconName, err)
	}
	questions := strings.Split(strings.ReplaceAll(string(qdata), "\r\n", "\n"), "\n")
	files, err := filepath.Glob(filepath.Join(dir, "results", "*", "prompt0.csv"))
	if err != nil {
		return nil, err
	}
	out := map[string]map[string][]bool{}
	for _, f := range files {
		modelName := filepath.Base(filepath.Dir(f))
		rows, err := readResults(f)
		if err != nil {
			return nil, err
		}
		byQ := map[string][]bool{}
		for i, r := range rows {
			if i < len(questions) {
				byQ[strings.TrimSpace(questions[i])] = r
			}
		}
		out[modelName] = byQ
	}
	return out, nil
}

// readResults reads the Response_k columns of one judge results file.
func readResults(path string) ([][]bool, error) {
	fh, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer fh.Close()
	cr := csv.NewReader(fh)
	header, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("%s: header: %w", path, err)
	}
	var cols []int
	for k := 1; ; k++ {
		at := -1
		for i, h := range header {
			if strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")) == "Response_"+strconv.Itoa(k) {
				at = i
			}
		}
		if at < 0 {
			break
		}
		cols = append(cols, at)
	}
	if len(cols) == 0 {
		return nil, fmt.Errorf("%s: no Response_k columns", path)
	}
	var rows [][]bool
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return rows, nil
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		r := make([]bool, len(cols))
		for k, c := range cols {
			r[k] = c < len(rec) && strings.TrimSpace(rec[c]) == "1"
		}
		rows = append(rows, r)
	}
}
