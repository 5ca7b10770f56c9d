package ingest

import (
	"errors"
	"strings"

	"github.com/faultline-dev/faultline/internal/trajectory"
)

const (
	hhHuman     = "\n\nHuman:"
	hhAssistant = "\n\nAssistant:"
)

// parseHH splits an HH-RLHF transcript ("\n\nHuman: ...\n\nAssistant: ...")
// into messages. Text before the first marker is ignored when it is blank and
// is an error otherwise; the spaces the format puts around turns are trimmed.
func parseHH(s string) ([]trajectory.Message, error) {
	var out []trajectory.Message
	rest := s
	if !strings.HasPrefix(rest, "\n\n") {
		// Transcripts cut from the front sometimes lose the leading newlines.
		switch {
		case strings.HasPrefix(rest, "Human:"), strings.HasPrefix(rest, "Assistant:"):
			rest = "\n\n" + rest
		}
	}
	first := nextHHMarker(rest, 0)
	if first < 0 {
		return nil, errors.New("transcript has no \"Human:\" or \"Assistant:\" turn")
	}
	if strings.TrimSpace(rest[:first]) != "" {
		return nil, errors.New("transcript has text before its first \"Human:\" or \"Assistant:\" turn")
	}
	pos := first
	for pos >= 0 {
		var role trajectory.Role
		var start int
		if strings.HasPrefix(rest[pos:], hhHuman) {
			role, start = trajectory.RoleUser, pos+len(hhHuman)
		} else {
			role, start = trajectory.RoleAssistant, pos+len(hhAssistant)
		}
		next := nextHHMarker(rest, start)
		end := next
		if end < 0 {
			end = len(rest)
		}
		out = append(out, trajectory.Message{Role: role, Content: strings.TrimSpace(rest[start:end])})
		pos = next
	}
	return out, nil
}

// nextHHMarker returns the index of the next turn marker at or after from, or -1.
func nextHHMarker(s string, from int) int {
	h := strings.Index(s[from:], hhHuman)
	a := strings.Index(s[from:], hhAssistant)
	switch {
	case h < 0 && a < 0:
		return -1
	case h < 0:
		return from + a
	case a < 0:
		return from + h
	case h < a:
		return from + h
	}
	return from + a
}
