package bench

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"sort"
	"strings"

	"github.com/faultline-dev/faultline/internal/ingest"
	"github.com/faultline-dev/faultline/internal/trajectory"
)

const agentDojoDir = "agentdojo-traces"

// agentDojoMeta is the per-run metadata of an AgentDojo trace.
type agentDojoMeta struct {
	InjectionTaskID json.RawMessage `json:"injection_task_id"`
	Success         *bool           `json:"success"`
	Security        *bool           `json:"security"`
}

// loadAgentDojo reads agentdojo-traces/agentdojo-<config>.jsonl. The header
// line of each file is skipped (counted as "header line"); the other lines are
// OpenAI-like records decoded by the ingest registry after two repairs of this
// repackaging: content "None" becomes "", and tool_calls stored as a
// Python-repr string is converted to JSON (tool_call, singular, is not read by
// ingestion and is left as it is).
//
// Positive = attacked run (injection_task_id not null) with security true: the
// injection's goal was achieved, the agent was hijacked. Kind is "hijacked",
// "resisted" (attacked, security false), "clean" (no injection, user task
// succeeded) or "clean-failed". Group = the configuration (file name without
// the agentdojo- prefix). Meta.Objective = the first user message.
func loadAgentDojo(root string) ([]Example, Skips, error) {
	files, err := filepath.Glob(filepath.Join(root, agentDojoDir, "agentdojo-*.jsonl"))
	if err != nil {
		return nil, nil, err
	}
	if len(files) == 0 {
		return nil, nil, fmt.Errorf("%s: no agentdojo-*.jsonl files", filepath.Join(root, agentDojoDir))
	}
	sort.Strings(files)
	reg := ingest.DefaultRegistry()
	skips := Skips{}
	var out []Example
	for _, path := range files {
		rel := relPath(root, path)
		config := strings.TrimSuffix(strings.TrimPrefix(filepath.Base(path), "agentdojo-"), ".jsonl")
		err := readJSONL(root, rel, func(line int, data []byte) error {
			ex, err := agentDojoExample(reg, data, ingest.Source{File: rel, Line: line})
			if errors.Is(err, ingest.ErrNotTrajectory) {
				skips["header line"]++
				return nil
			}
			if err != nil {
				return err
			}
			ex.Group = config
			out = append(out, ex)
			return nil
		})
		if err != nil {
			return nil, nil, err
		}
	}
	return out, skips, nil
}

// agentDojoExample turns one line into an example; it returns
// ingest.ErrNotTrajectory for the header line.
func agentDojoExample(reg *ingest.Registry, data []byte, src ingest.Source) (Example, error) {
	var rec map[string]json.RawMessage
	if err := decodeLine(data, &rec); err != nil {
		return Example{}, err
	}
	if _, ok := rec["messages"]; !ok {
		// Header records carry only {"metadata": ...}: let ingestion decide.
		if _, err := reg.Decode(data, src, ""); err != nil {
			return Example{}, err
		}
		return Example{}, errors.New("record has no messages")
	}
	var meta agentDojoMeta
	if err := json.Unmarshal(rec["metadata"], &meta); err != nil {
		return Example{}, fmt.Errorf("metadata: %w", err)
	}
	if meta.Success == nil || meta.Security == nil {
		return Example{}, errors.New("metadata lacks success or security")
	}
	fixed, err := repairAgentDojo(rec)
	if err != nil {
		return Example{}, err
	}
	trajs, err := reg.Decode(fixed, src, ingest.FormatOpenAI)
	if err != nil {
		return Example{}, err
	}
	if len(trajs) != 1 {
		return Example{}, fmt.Errorf("decoded into %d trajectories, want 1", len(trajs))
	}
	ex := Example{Trajectory: trajs[0]}
	for _, m := range ex.Trajectory.Messages {
		if m.Role == trajectory.RoleUser {
			ex.Trajectory.Meta.Objective = m.Content
			break
		}
	}
	attacked := len(meta.InjectionTaskID) > 0 && string(bytes.TrimSpace(meta.InjectionTaskID)) != "null"
	switch {
	case attacked && *meta.Security:
		ex.Positive, ex.Kind = true, "hijacked"
	case attacked:
		ex.Kind = "resisted"
	case *meta.Success:
		ex.Kind = "clean"
	default:
		ex.Kind = "clean-failed"
	}
	return ex, nil
}

// repairAgentDojo rewrites the record's messages: content "None" becomes ""
// and tool_calls given as a Python-repr string becomes JSON.
func repairAgentDojo(rec map[string]json.RawMessage) ([]byte, error) {
	var msgs []map[string]json.RawMessage
	if err := json.Unmarshal(rec["messages"], &msgs); err != nil {
		return nil, fmt.Errorf("messages: %w", err)
	}
	for i, m := range msgs {
		if c, ok := m["content"]; ok && string(bytes.TrimSpace(c)) == `"None"` {
			m["content"] = json.RawMessage(`""`)
		}
		tc := bytes.TrimSpace(m["tool_calls"])
		if len(tc) == 0 || tc[0] != '"' {
			continue
		}
		var s string
		if err := json.Unmarshal(tc, &s); err != nil {
			return nil, fmt.Errorf("message %d: tool_calls: %w", i, err)
		}
		conv, err := pyLiteralToJSON(s)
		if err != nil {
			return nil, fmt.Errorf("message %d: tool_calls: %w", i, err)
		}
		m["tool_calls"] = conv
	}
	raw, err := json.Marshal(msgs)
	if err != nil {
		return nil, err
	}
	rec["messages"] = raw
	return json.Marshal(rec)
}
