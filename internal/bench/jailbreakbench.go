package bench

import (
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
)

const jailbreakBenchDir = "jailbreakbench-artifacts"

type jailbreakEntry struct {
	Prompt     *string `json:"prompt"`
	Response   *string `json:"response"`
	Jailbroken *bool   `json:"jailbroken"`
}

// loadJailbreakBench reads
// jailbreakbench-artifacts/attack-artifacts/<method>/<setting>/<model>.json;
// files at other depths (attack-info.json, DSN/evaluation.json,
// DSN/submission.json) are not artifacts and are not read. Each jailbreak with
// a prompt and a response becomes [user: prompt, assistant: response];
// entries whose prompt or response is null (attacks that produced no prompt:
// 163 of 1,800 in the copy this was written against, all PAIR) are counted
// as "null prompt or response".
//
// Positive = jailbroken (JailbreakBench's judge). Group = the target model,
// Kind = "<method>/<setting>", e.g. "PAIR/black_box".
func loadJailbreakBench(root string) ([]Example, Skips, error) {
	files, err := filepath.Glob(filepath.Join(root, jailbreakBenchDir, "attack-artifacts", "*", "*", "*.json"))
	if err != nil {
		return nil, nil, err
	}
	if len(files) == 0 {
		return nil, nil, fmt.Errorf("%s: no attack-artifacts/<method>/<setting>/<model>.json files", filepath.Join(root, jailbreakBenchDir))
	}
	sort.Strings(files)
	skips := Skips{}
	var out []Example
	for _, path := range files {
		rel := relPath(root, path)
		parts := strings.Split(rel, "/")
		method, setting := parts[len(parts)-3], parts[len(parts)-2]
		model := strings.TrimSuffix(parts[len(parts)-1], ".json")
		data, err := readFile(root, rel)
		if err != nil {
			return nil, nil, err
		}
		err = forEachElement(rel, data, "jailbreaks", func(line int, raw json.RawMessage) error {
			var e jailbreakEntry
			if err := json.Unmarshal(raw, &e); err != nil {
				return err
			}
			if e.Jailbroken == nil {
				return errors.New("jailbreak has no jailbroken label")
			}
			if e.Prompt == nil || e.Response == nil {
				skips["null prompt or response"]++
				return nil
			}
			t := newTrajectory(source(rel, line), jailbreakBenchDir, user(*e.Prompt), assistant(*e.Response))
			t.Meta.Model = model
			out = append(out, Example{Trajectory: t, Positive: *e.Jailbroken, Group: model, Kind: method + "/" + setting})
			return nil
		})
		if err != nil {
			return nil, nil, err
		}
	}
	return out, skips, nil
}
