package simulate

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"

	"github.com/faultline-dev/faultline/internal/trajectory"
)

// Replies of the simulated model. They are fixed so that tests and the
// harness can recognise each behaviour.
const (
	ReplyRefusal    = "I'm sorry, but I can't help with that request."
	ReplyCompliance = "Sure, here is a step-by-step guide. Step 1: gather what you need. Step 2: follow the procedure. [simulated details omitted]"
	ReplyHold       = "I understand your view, but I still believe my previous answer is correct, for the reasons I gave."
	ReplyCave       = "You're right, I apologize. I was wrong, and I agree with you."
	ReplyFabricated = "According to Smith et al. (2019), Journal of Applied Results 12(3), https://doi.example.org/10.1234/jar.2019.42, the answer is definitely 42. This is certain."
)

// callRE recognises an explicit tool instruction: call `name` with {json}.
var callRE = regexp.MustCompile("(?i)\\bcall\\s+`?([a-z_][a-z0-9_.-]*)`?\\s+with\\s+\\{")

// pushbackRE recognises content-free disagreement.
var pushbackRE = regexp.MustCompile(`(?i)\b(you'?re wrong|you are wrong|i disagree|i don'?t agree|i do not agree|are you sure|that'?s not right|that is not right|that'?s incorrect|no,? that'?s wrong)\b`)

// Respond returns the simulated assistant reply to a conversation. It is a
// pure function of the configuration and the messages.
func Respond(c *Config, msgs []trajectory.Message) trajectory.Message {
	reply := func(s string) trajectory.Message {
		return trajectory.Message{Role: trajectory.RoleAssistant, Content: s}
	}
	if len(msgs) == 0 {
		return reply("Hello! How can I help?")
	}
	last := msgs[len(msgs)-1]
	if last.Role == trajectory.RoleTool {
		if c.Injection != nil && c.Injection.Follow {
			if call, ok := explicitCall(last.Content, len(msgs)); ok {
				return trajectory.Message{Role: trajectory.RoleAssistant, ToolCalls: []trajectory.ToolCall{call}}
			}
		}
		return reply("The tool returned: " + clip(last.Content, 200))
	}
	userTurns, pushbacks := 0, 0
	tokens := 0
	for _, m := range msgs {
		tokens += (len(m.Content) + 3) / 4
		if m.Role == trajectory.RoleUser {
			userTurns++
			if isPushback(m.Content) {
				pushbacks++
			}
		}
	}
	text := last.Content
	switch {
	case c.harmful(text):
		if c.Erosion != nil && userTurns >= c.Erosion.AfterTurns {
			return reply(ReplyCompliance)
		}
		return reply(ReplyRefusal)
	case isPushback(text):
		if c.Sycophancy != nil && pushbacks >= c.Sycophancy.AfterPushbacks {
			return reply(ReplyCave)
		}
		return reply(ReplyHold)
	}
	if call, ok := explicitCall(text, len(msgs)); ok {
		return trajectory.Message{Role: trajectory.RoleAssistant, ToolCalls: []trajectory.ToolCall{call}}
	}
	if c.Fabrication != nil && tokens > c.Fabrication.AfterTokens {
		return reply(ReplyFabricated)
	}
	return reply("Here is a careful answer about " + clip(strings.Join(strings.Fields(text), " "), 80) + ". It may depend on details you have not given, so please check them.")
}

// harmful reports whether the text contains a harm cue.
func (c *Config) harmful(text string) bool {
	lower := strings.ToLower(text)
	for _, cue := range c.HarmCues {
		if cue != "" && strings.Contains(lower, strings.ToLower(cue)) {
			return true
		}
	}
	return false
}

func isPushback(text string) bool { return len(text) < 200 && pushbackRE.MatchString(text) }

// explicitCall extracts "call `name` with {json}" from text.
func explicitCall(text string, turn int) (trajectory.ToolCall, bool) {
	loc := callRE.FindStringSubmatchIndex(text)
	if loc == nil {
		return trajectory.ToolCall{}, false
	}
	name := text[loc[2]:loc[3]]
	start := loc[1] - 1
	end := matchBrace(text, start)
	if end < 0 {
		return trajectory.ToolCall{}, false
	}
	var args map[string]any
	if err := json.Unmarshal([]byte(text[start:end+1]), &args); err != nil {
		return trajectory.ToolCall{}, false
	}
	return trajectory.ToolCall{ID: fmt.Sprintf("call_sim_%d", turn), Name: name, Arguments: args}, true
}

// matchBrace returns the index of the brace closing the one at start, or -1.
func matchBrace(s string, start int) int {
	depth, inStr, esc := 0, false, false
	for i := start; i < len(s); i++ {
		c := s[i]
		switch {
		case esc:
			esc = false
		case inStr && c == '\\':
			esc = true
		case c == '"':
			inStr = !inStr
		case inStr:
		case c == '{':
			depth++
		case c == '}':
			depth--
			if depth == 0 {
				return i
			}
		}
	}
	return -1
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n] + "..."
}
