package grounding

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/faultline-dev/faultline/internal/signal"
	"github.com/faultline-dev/faultline/internal/trajectory"
)

// errorMarkers are texts that, near the start of a tool result, say the call
// failed.
var errorMarkers = []string{
	"error", "exception", "traceback (most recent call last)", "failed", "failure", "not found",
	"permission denied", "access denied", "unauthorized", "forbidden", "timed out", "timeout",
	"no such file", "command not found", "invalid", "cannot ", "could not", "unable to", "errno",
	"status code 4", "status code 5", "http 4", "http 5", "503 service", "500 internal", "404",
	"rate limit", "too many requests", "quota exceeded", "service unavailable", "bad gateway", "connection refused",
	"connection reset", `ok": false`, `ok":false`, `success": false`, `success":false`,
}

// acknowledgeMarkers in an answer show that the assistant reports the failure.
var acknowledgeMarkers = newPhraseTable(cAcknowledge, 1,
	"error", "failed", "fail", "failure", "unable", "couldn't", "could not", "cannot", "can't", "sorry",
	"unfortunately", "not able", "issue", "problem", "not available", "unavailable", "didn't work",
	"did not work", "not found", "wasn't able", "was not able", "apologize", "retry", "try again", "denied",
	"timed out", "timeout", "exception", "however",
	// An empty or negative result reported as such.
	"did not return", "didn't return", "returned no", "returned nothing", "no results", "did not find",
	"didn't find", "found nothing", "no matching",
)

// toolResultFailed reports whether a tool result is an error: flagged
// IsError, or an error text in its first 300 bytes.
func toolResultFailed(m *trajectory.Message) bool {
	if m.IsError {
		return true
	}
	head := m.Content
	if len(head) > 300 {
		head = head[:300]
	}
	head = strings.TrimLeft(head, " \t\r\n{[\"'")
	if head == "" {
		return false
	}
	if len(m.Content) >= 400 {
		// Only the prefixes count: no lower-cased copy of the head. A
		// long log fails where it ends (a traceback's last line).
		if !failurePrefix(head) {
			return failedLastLine(m.Content)
		}
		lower := strings.ToLower(head[:min(len(head), 24)])
		for _, p := range failurePrefixes {
			if strings.HasPrefix(lower, p) {
				return !zeroCount("", lower[len(p):])
			}
		}
		return true
	}
	head = strings.ToLower(head)
	for _, p := range failurePrefixes {
		if strings.HasPrefix(head, p) {
			return !zeroCount("", head[len(p):])
		}
	}
	if len(head) > 160 {
		head = head[:160]
	}
	for _, p := range errorMarkers {
		if hasFailure(head, p) {
			return true
		}
	}
	return false
}

// failedLastLine reports whether the last line of a long tool result is
// an uncaught error: "ConnectionError: reset", "panic: ...", "fatal: ...",
// "Error: ..." (a run that logged, then crashed).
func failedLastLine(s string) bool {
	s = strings.TrimRight(s[max(0, len(s)-300):], " \t\r\n")
	line := strings.TrimSpace(s[strings.LastIndexByte(s, '\n')+1:])
	name, _, ok := strings.Cut(line, ":")
	if !ok || strings.ContainsAny(name, " \t") {
		return false
	}
	if i := strings.LastIndexByte(name, '.'); i >= 0 {
		name = name[i+1:]
	}
	switch strings.ToLower(name) {
	case "panic", "fatal", "error", "exception":
		return true
	}
	return len(name) > len("Error") && (strings.HasSuffix(name, "Error") || strings.HasSuffix(name, "Exception"))
}

// hasFailure reports whether marker occurs in the lower-cased head as a
// failure, not as a count of none ("found 0 errors", "no errors",
// "errors: 0", "0 failed").
func hasFailure(head, marker string) bool {
	for from := 0; ; {
		i := strings.Index(head[from:], marker)
		if i < 0 {
			return false
		}
		at := from + i
		from = at + len(marker)
		if !zeroCount(head[:at], head[from:]) {
			return true
		}
	}
}

// zeroCount reports whether the words around a marker count zero of it.
func zeroCount(before, after string) bool {
	before = strings.TrimRight(before, " ")
	if strings.HasSuffix(before, " 0") || before == "0" || strings.HasSuffix(before, " no") || before == "no" ||
		strings.HasSuffix(before, "zero") || strings.HasSuffix(before, "without") {
		return true
	}
	after = strings.TrimPrefix(after, "s")
	after = strings.TrimLeft(after, ` :="`)
	if strings.HasPrefix(after, "[]") || strings.HasPrefix(after, "null") || strings.HasPrefix(after, "{}") {
		// "errors": [] lists none.
		return true
	}
	return strings.HasPrefix(after, "0") && (len(after) == 1 || after[1] < '0' || after[1] > '9')
}

// failurePrefixes start a tool result that is an error.
var failurePrefixes = []string{"error", "exception", "traceback", "failed", "fatal", "failure"}

// failurePrefix reports whether strings.ToLower(s) starts with one of
// failurePrefixes, lower-casing only the bytes compared when they are
// ASCII (where the two agree byte for byte).
func failurePrefix(s string) bool {
	const maxPrefix = len("exception")
	for i := range min(len(s), maxPrefix) {
		if s[i] >= utf8.RuneSelf {
			s = strings.ToLower(s)
			for _, p := range failurePrefixes {
				if strings.HasPrefix(s, p) {
					return true
				}
			}
			return false
		}
	}
	for _, p := range failurePrefixes {
		if len(s) >= len(p) && strings.EqualFold(s[:len(p)], p) {
			return true
		}
	}
	return false
}

// ToolErrorIgnored scores an assistant answer that follows a failed tool
// call (IsError, or an error text) or an empty search result ("[]", "no
// results") without reporting the failure or the absence: 0 when no
// error is pending, low when the answer acknowledges it or hedges, high when
// it answers confidently. An assistant turn that retries with a new tool call
// is not an answer.
type ToolErrorIgnored struct{}

// NewToolErrorIgnored returns the tool_error_ignored signal.
func NewToolErrorIgnored(*signal.Env) (signal.Signal, error) {
	return ToolErrorIgnored{}, nil
}

// ID implements signal.Signal.
func (ToolErrorIgnored) ID() string { return ToolErrorIgnoredID }

// Track implements signal.Signal.
// Track implements signal.Signal: a tracker with grounding state of its own.
func (e ToolErrorIgnored) Track(meta *trajectory.Meta) signal.Tracker {
	return e.TrackShared(meta, nil)
}

// TrackShared implements signal.SharingSignal: the five grounding signals of
// one session share one tokenized message and context index.
func (e ToolErrorIgnored) TrackShared(meta *trajectory.Meta, shared *signal.Shared) signal.Tracker {
	return &toolErrorTracker{st: join(shared, kindToolError, nil)}
}

type toolErrorTracker struct {
	st      *shared
	pending bool
	// empty marks a pending result that is empty rather than an error.
	empty   bool
	excerpt string
}

// emptyResults are whole tool results that say a search or a listing
// found nothing. An answer that then gives specifics made them up; one
// that says nothing was found reports it (tellsAbsence). An empty string
// is not among them: actions succeed silently.
var emptyResults = []string{"[]", "{}", "null", "none", "no results", "no results found", "0 results",
	"nothing found", "no matches", "no matches found", "no records found", "no items found", "results: []"}

// toolResultEmpty reports whether a tool result is one of emptyResults, a
// short JSON object whose collections are all empty ({"results": [],
// "total": 0}) or a short count of none ("Retrieved 0 documents.").
func toolResultEmpty(content string) bool {
	c := strings.TrimSpace(content)
	if len(c) > maxEmptyResult {
		return false
	}
	if strings.HasPrefix(c, "{") {
		return emptyObject.MatchString(c)
	}
	c = strings.TrimRight(strings.ToLower(c), ".")
	for _, e := range emptyResults {
		if c == e {
			return true
		}
	}
	return len(c) <= 60 && noneFound.MatchString(c)
}

// maxEmptyResult bounds the length of a tool result read as empty.
const maxEmptyResult = 160

// emptyObject matches a JSON object whose values are all empty, zero or
// null, with at least one empty list; noneFound a short sentence that
// counts none of what was searched.
var (
	emptyObject = regexp.MustCompile(`^\{\s*("\w+"\s*:\s*(\[\s*\]|0|null|""|\{\s*\}|true|false)\s*,\s*)*"\w+"\s*:\s*\[\s*\]\s*(,\s*"\w+"\s*:\s*(\[\s*\]|0|null|""|\{\s*\}|true|false)\s*)*\}$`)
	noneFound   = regexp.MustCompile(`^(\w+\s+){0,2}(0|no|zero)\s+(\w+\s+)?(results?|documents?|docs|items?|records?|matches|rows?|hits|entries|files|emails|messages|events|flights|products|orders)(\s+(were\s+)?(found|returned|matched|retrieved))?$`)
)

// absenceWords say that something was not found or does not exist.
var absenceWords = []string{" no ", " none", " nothing", " empty", " zero ", " nope", " clear", " free ", " free.", " free!",
	" not any", "n't any", " not find", "n't find", " not found", " not locate", "n't locate", " not see", "n't see",
	" not have", "n't have", " not return", "n't return", " not exist", "n't exist", " not show", "n't show",
	"n't turn up", " not turn up", "unable to find", " no longer", " not available", " not listed", "n't listed"}

// tellsAbsence reports whether an answer says nothing was found ("you
// have no meetings", "I couldn't find any email", "your calendar is
// clear").
func tellsAbsence(answer string) bool {
	l := " " + strings.ToLower(head(answer, 600)) + " "
	for _, w := range absenceWords {
		if strings.Contains(l, w) {
			return true
		}
	}
	return false
}

// Reset implements signal.Resetter: the tracker keeps the grounding state's
// buffers (see join).
func (t *toolErrorTracker) Reset(_ *trajectory.Meta, shared *signal.Shared) {
	*t = toolErrorTracker{st: join(shared, kindToolError, t.st)}
}

func (t *toolErrorTracker) Observe(i int, m *trajectory.Message) signal.Measurement {
	t.st.at(i, m)
	switch m.Role {
	case trajectory.RoleTool:
		switch {
		case toolResultFailed(m):
			t.pending, t.empty = true, false
			t.excerpt = head(m.Content, 120)
		case toolResultEmpty(m.Content):
			t.pending, t.empty = true, true
			t.excerpt = "(empty result) " + head(m.Content, 40)
		default:
			t.pending = false
		}
	case trajectory.RoleUser:
		t.pending = false
	case trajectory.RoleAssistant:
		if !t.pending || strings.TrimSpace(m.Content) == "" {
			return signal.Measurement{}
		}
		if len(m.ToolCalls) > 0 {
			return signal.Measurement{}
		}
		t.pending = false
		ack, _, _, _ := acknowledgeMarkers.match(t.st.toks)
		if ack > 0 || t.empty && tellsAbsence(m.Content) {
			return signal.Measurement{Value: 0.1, Excerpt: "acknowledged: " + t.excerpt}
		}
		c := t.st.certainty()
		v := 0.6 + 0.8*(c.Value-0.5)
		return signal.Measurement{Value: min(1, max(0.2, v)), Excerpt: "after tool error " + t.excerpt + " answered: " + head(m.Content, 120)}
	}
	return signal.Measurement{}
}

// head returns at most n bytes of s, cut at a rune boundary.
func head(s string, n int) string {
	s = strings.TrimSpace(s)
	if len(s) <= n {
		return s
	}
	for n > 0 && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n] + "…"
}
