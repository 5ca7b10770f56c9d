package simulate

import (
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"net/http"
	"strings"

	"github.com/faultline-dev/faultline/internal/ingest"
	"github.com/faultline-dev/faultline/internal/trajectory"
)

// maxRequest is the largest request body the simulator reads.
const maxRequest = 32 << 20

// Server serves the simulated model over the OpenAI chat API:
// POST /v1/chat/completions (streaming and not) and GET /v1/models.
type Server struct {
	cfg Config
	reg *ingest.Registry
}

// NewServer returns a server for cfg.
func NewServer(cfg Config) *Server { return &Server{cfg: cfg, reg: ingest.DefaultRegistry()} }

// Handler returns the HTTP handler.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /v1/chat/completions", s.chat)
	mux.HandleFunc("GET /v1/models", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, map[string]any{"object": "list", "data": []any{
			map[string]any{"id": s.cfg.Model, "object": "model", "owned_by": "faultline-simulate"}}})
	})
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "ok\n") })
	return mux
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

func apiError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]any{"error": map[string]any{"message": msg, "type": "invalid_request_error"}})
}

type wireCall struct {
	Index    *int   `json:"index,omitempty"`
	ID       string `json:"id,omitempty"`
	Type     string `json:"type,omitempty"`
	Function struct {
		Name      string `json:"name,omitempty"`
		Arguments string `json:"arguments"`
	} `json:"function"`
}

func (s *Server) chat(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(io.LimitReader(r.Body, maxRequest+1))
	if err != nil || len(body) > maxRequest {
		apiError(w, http.StatusRequestEntityTooLarge, "request body too large or unreadable")
		return
	}
	var req struct {
		Model  string `json:"model"`
		Stream bool   `json:"stream"`
	}
	if err := json.Unmarshal(body, &req); err != nil {
		apiError(w, http.StatusBadRequest, "invalid JSON: "+err.Error())
		return
	}
	trajs, err := s.reg.Decode(body, ingest.Source{File: "request", Line: 1}, ingest.FormatOpenAI)
	if err != nil || len(trajs) != 1 {
		if err == nil {
			err = errors.New("no messages")
		}
		apiError(w, http.StatusBadRequest, "messages: "+err.Error())
		return
	}
	msgs := trajs[0].Messages
	reply := Respond(&s.cfg, msgs)
	h := fnv.New64a()
	h.Write(body)
	id := fmt.Sprintf("chatcmpl-sim-%x", h.Sum64())
	prompt := 0
	for _, m := range msgs {
		prompt += (len(m.Content) + 3) / 4
	}
	completion := (len(reply.Content) + 3) / 4
	finish := "stop"
	calls := make([]wireCall, len(reply.ToolCalls))
	for i, c := range reply.ToolCalls {
		args, _ := json.Marshal(c.Arguments)
		calls[i].ID, calls[i].Type = c.ID, "function"
		calls[i].Function.Name, calls[i].Function.Arguments = c.Name, string(args)
		finish = "tool_calls"
	}
	if req.Stream {
		s.stream(w, id, reply, calls, finish)
		return
	}
	msg := map[string]any{"role": "assistant", "content": reply.Content}
	if len(calls) > 0 {
		msg["content"] = nil
		msg["tool_calls"] = calls
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"id": id, "object": "chat.completion", "created": 0, "model": s.cfg.Model,
		"choices": []any{map[string]any{"index": 0, "message": msg, "finish_reason": finish}},
		"usage":   map[string]int{"prompt_tokens": prompt, "completion_tokens": completion, "total_tokens": prompt + completion},
	})
}

// stream writes the reply as chat.completion.chunk events: the content word
// by word, each tool call's arguments in two pieces, the finish reason, and
// [DONE].
func (s *Server) stream(w http.ResponseWriter, id string, reply trajectory.Message, calls []wireCall, finish string) {
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-cache")
	fl, _ := w.(http.Flusher)
	send := func(delta map[string]any, finishReason any) {
		chunk := map[string]any{"id": id, "object": "chat.completion.chunk", "created": 0, "model": s.cfg.Model,
			"choices": []any{map[string]any{"index": 0, "delta": delta, "finish_reason": finishReason}}}
		b, _ := json.Marshal(chunk)
		fmt.Fprintf(w, "data: %s\n\n", b)
		if fl != nil {
			fl.Flush()
		}
	}
	send(map[string]any{"role": "assistant", "content": ""}, nil)
	if reply.Content != "" {
		words := strings.SplitAfter(reply.Content, " ")
		for _, wd := range words {
			send(map[string]any{"content": wd}, nil)
		}
	}
	for i, c := range calls {
		idx := i
		head := wireCall{Index: &idx, ID: c.ID, Type: "function"}
		head.Function.Name = c.Function.Name
		send(map[string]any{"tool_calls": []wireCall{head}}, nil)
		half := len(c.Function.Arguments) / 2
		for _, part := range []string{c.Function.Arguments[:half], c.Function.Arguments[half:]} {
			d := wireCall{Index: &idx}
			d.Function.Arguments = part
			send(map[string]any{"tool_calls": []wireCall{d}}, nil)
		}
	}
	send(map[string]any{}, finish)
	io.WriteString(w, "data: [DONE]\n\n")
	if fl != nil {
		fl.Flush()
	}
}
