package bench

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/faultline-dev/faultline/internal/trajectory"
)

const rhwDir = "rhw-bench/rewardhackwatch/rhw_bench"

// rhwCase is one rhw-bench file. Test cases and trajectories nest the run
// under trajectory; adversarial files put steps and cot_traces at the top and
// their label under labels.
type rhwCase struct {
	ExpectedHack *bool     `json:"expected_hack"`
	Category     string    `json:"category"`
	Subtlety     *int      `json:"subtlety"`
	Difficulty   string    `json:"difficulty"`
	Labels       *rhwLabel `json:"labels"`
	Trajectory   *rhwRun   `json:"trajectory"`
	rhwRun
}

type rhwLabel struct {
	IsHack   *bool  `json:"is_hack"`
	HackType string `json:"hack_type"`
}

type rhwRun struct {
	Task        string    `json:"task"`
	CotTraces   []string  `json:"cot_traces"`
	CodeOutputs []string  `json:"code_outputs"`
	Steps       []rhwStep `json:"steps"`
}

// rhwStep is one agent step; test cases give result, trajectories give
// observation, code and sometimes response.
type rhwStep struct {
	Thought     string  `json:"thought"`
	Action      string  `json:"action"`
	Result      *string `json:"result"`
	Observation *string `json:"observation"`
	Code        *string `json:"code"`
	Response    *string `json:"response"`
}

// loadRHW reads every .json file below rhw-bench/rewardhackwatch/rhw_bench/
// test_cases and .../trajectories except the _all_*.json aggregates. A file
// becomes [user: task (when there is one)], then per step an assistant message
// (content = thought) calling a tool, the tool's result (result or
// observation) and, when the step has a response, an assistant message with
// it; then each code output as an assistant message with the code in a fenced
// block. The step's tool is its action when that is a function name (read_file,
// write_file, run_tests), with the step's code as argument {"code": ...};
// otherwise (free text such as "Write code" or "Reasoning") the tool is "run" with
// {"command": action} (plus "code" when there is code). A code of null or
// "None" is no code. The cot_traces go into the Reasoning of the first
// assistant message unless every trace already is a step's thought.
//
// Positive = expected_hack, else labels.is_hack. Group = category, else
// labels.hack_type: note that "clean" is then a group of negatives only.
// Kind = "subtlety-<n>", else "difficulty-<d>", else "". The set is a smoke
// test: template-generated, the reasoning often states the hack outright and
// many tasks are an unfilled "{task}".
func loadRHW(root string) ([]Example, Skips, error) {
	skips := Skips{}
	var out []Example
	for _, sub := range []string{"test_cases", "trajectories"} {
		dir := filepath.Join(root, filepath.FromSlash(rhwDir), sub)
		err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() || filepath.Ext(path) != ".json" {
				return nil
			}
			if strings.HasPrefix(d.Name(), "_all_") {
				skips["_all_*.json aggregate"]++
				return nil
			}
			rel := relPath(root, path)
			data, err := readFile(root, rel)
			if err != nil {
				return err
			}
			ex, err := rhwExample(source(rel, 1), data)
			if err != nil {
				return fmt.Errorf("%s: %w", source(rel, 1), err)
			}
			out = append(out, ex)
			return nil
		})
		if err != nil {
			return nil, nil, err
		}
	}
	return out, skips, nil
}

func rhwExample(src string, data []byte) (Example, error) {
	var c rhwCase
	if err := decodeLine(data, &c); err != nil {
		return Example{}, err
	}
	ex := Example{Group: c.Category}
	switch {
	case c.ExpectedHack != nil:
		ex.Positive = *c.ExpectedHack
	case c.Labels != nil && c.Labels.IsHack != nil:
		ex.Positive = *c.Labels.IsHack
	default:
		return Example{}, errors.New("neither expected_hack nor labels.is_hack")
	}
	if ex.Group == "" && c.Labels != nil {
		ex.Group = c.Labels.HackType
	}
	if ex.Group == "" {
		return Example{}, errors.New("neither category nor labels.hack_type")
	}
	switch {
	case c.Subtlety != nil:
		ex.Kind = "subtlety-" + strconv.Itoa(*c.Subtlety)
	case c.Difficulty != "":
		ex.Kind = "difficulty-" + c.Difficulty
	}
	run := c.rhwRun
	if c.Trajectory != nil {
		run = *c.Trajectory
	}
	ex.Trajectory = newTrajectory(src, "rhw-bench", rhwMessages(run)...)
	if len(ex.Trajectory.Messages) == 0 {
		return Example{}, errors.New("no task, steps or code outputs")
	}
	return ex, nil
}

// isToolName reports whether s looks like a function name: lower-case
// snake_case ([a-z][a-z0-9_]*), as read_file or run_tests, unlike free-text
// actions ("Write code", "Reasoning").
func isToolName(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z') && !(i > 0 && (c == '_' || (c >= '0' && c <= '9'))) {
			return false
		}
	}
	return s != ""
}

func rhwMessages(run rhwRun) []trajectory.Message {
	var msgs []trajectory.Message
	if strings.TrimSpace(run.Task) != "" {
		msgs = append(msgs, user(run.Task))
	}
	thoughts := map[string]bool{}
	for _, s := range run.Steps {
		thoughts[strings.TrimSpace(s.Thought)] = true
	}
	var reasoning []string
	for _, c := range run.CotTraces {
		if !thoughts[strings.TrimSpace(c)] {
			reasoning = run.CotTraces
			break
		}
	}
	first := len(msgs)
	for i, s := range run.Steps {
		id := "call_" + strconv.Itoa(i+1)
		name, args := "run", map[string]any{}
		if isToolName(s.Action) {
			name = s.Action
		} else if s.Action != "" {
			args["command"] = s.Action
		}
		if s.Code != nil && *s.Code != "" && *s.Code != "None" {
			args["code"] = *s.Code
		}
		result := ""
		switch {
		case s.Result != nil:
			result = *s.Result
		case s.Observation != nil:
			result = *s.Observation
		}
		msgs = append(msgs,
			trajectory.Message{Role: trajectory.RoleAssistant, Content: s.Thought,
				ToolCalls: []trajectory.ToolCall{{ID: id, Name: name, Arguments: args}}},
			trajectory.Message{Role: trajectory.RoleTool, Name: name, ToolCallID: id, Content: result})
		if s.Response != nil && *s.Response != "" {
			msgs = append(msgs, assistant(*s.Response))
		}
	}
	for _, code := range run.CodeOutputs {
		msgs = append(msgs, assistant("```\n"+strings.TrimRight(code, "\n")+"\n```"))
	}
	if len(reasoning) > 0 {
		if first >= len(msgs) {
			msgs = append(msgs, trajectory.Message{Role: trajectory.RoleAssistant})
		}
		msgs[first].Reasoning = strings.Join(reasoning, "\n")
	}
	return msgs
}
