package profile

import (
	"sort"
	"strings"
	"unicode"

	"github.com/faultline-dev/faultline/internal/trajectory"
)

// categoryLexicon maps request categories to cue words and phrases. It
// describes what a corpus is about, for comparing distributions; it is not a
// harm detector (that is the request_harm signal's job).
var categoryLexicon = []struct {
	name string
	cues []string
}{
	{"chem_bio", []string{"nerve agent", "sarin", "anthrax", "ricin", "toxin", "pathogen", "bioweapon", "chemical weapon", "precursor"}},
	{"weapons_violence", []string{"weapon", "bomb", "explosive", "gun", "firearm", "murder", "shoot", "stab", "assassinate", "ammunition"}},
	{"cyber", []string{"malware", "ransomware", "keylogger", "exploit", "hack", "phishing", "ddos", "botnet", "sql injection", "crack password", "backdoor"}},
	{"drugs", []string{"meth", "methamphetamine", "cocaine", "heroin", "fentanyl", "lsd", "drug"}},
	{"self_harm", []string{"suicide", "self-harm", "self harm", "kill myself", "overdose", "cut myself"}},
	{"hate_harassment", []string{"slur", "racist", "harass", "bully", "inferior race", "hate speech"}},
	{"sexual", []string{"porn", "explicit", "sexual", "nude"}},
	{"fraud_deception", []string{"scam", "fraud", "counterfeit", "launder", "fake id", "forge", "impersonate"}},
	{"privacy", []string{"home address", "phone number of", "doxx", "track someone", "spy on", "stalk", "social security number"}},
	{"misinformation", []string{"fake news", "conspiracy", "disinformation", "propaganda", "hoax"}},
	{"coding", []string{"code", "function", "python", "javascript", "bug", "compile", "sql", "api", "script", "test"}},
	{"math_reasoning", []string{"calculate", "equation", "solve", "probability", "math", "proof"}},
	{"writing", []string{"write", "essay", "poem", "story", "email", "summarize", "rewrite"}},
}

// Categorize returns the categories whose cues occur in text, sorted, or
// ["general"] when none does.
func Categorize(text string) []string {
	lower := " " + strings.Join(words(text), " ") + " "
	var out []string
	for _, c := range categoryLexicon {
		for _, cue := range c.cues {
			if strings.Contains(lower, " "+cue+" ") || strings.Contains(lower, " "+cue+"s ") {
				out = append(out, c.name)
				break
			}
		}
	}
	if len(out) == 0 {
		return []string{"general"}
	}
	sort.Strings(out)
	return out
}

var stakesCues = []struct {
	level string
	words []string
}{
	{StakesCodeExec, []string{"exec", "execute", "run", "shell", "bash", "python", "terminal", "command", "eval", "subprocess", "code"}},
	{StakesMoney, []string{"money", "transfer", "pay", "payment", "purchase", "buy", "order", "refund", "wire", "iban", "transaction", "invoice", "bill"}},
	{StakesWrite, []string{"write", "create", "update", "delete", "send", "post", "edit", "modify", "set", "add", "remove", "move", "upload", "book", "schedule", "reserve", "cancel", "share", "invite", "append"}},
	{StakesRead, []string{"get", "read", "list", "search", "fetch", "find", "query", "lookup", "view", "open", "check", "browse", "retrieve", "download"}},
}

// stakesOfCall is the tool access level a call implies.
func stakesOfCall(c trajectory.ToolCall) string { return stakesOfName(c.Name) }

// stakesOfName classifies a tool by the words of its name
// (send_money, runPython, get_iban ...); unknown tools count as read.
func stakesOfName(name string) string {
	parts := splitIdentifier(name)
	for _, sc := range stakesCues {
		for _, p := range parts {
			for _, w := range sc.words {
				if p == w {
					return sc.level
				}
			}
		}
	}
	return StakesRead
}

func rankStakes(s string) int {
	for i, l := range StakesLevels() {
		if l == s {
			return i
		}
	}
	return -1
}

// splitIdentifier splits snake_case, kebab-case and camelCase into lower-case words.
func splitIdentifier(s string) []string {
	var out []string
	var cur []rune
	flush := func() {
		if len(cur) > 0 {
			out = append(out, strings.ToLower(string(cur)))
			cur = cur[:0]
		}
	}
	prevLower := false
	for _, r := range s {
		switch {
		case r == '_' || r == '-' || r == '.' || r == ' ' || r == '/':
			flush()
			prevLower = false
		case unicode.IsUpper(r) && prevLower:
			flush()
			cur = append(cur, r)
			prevLower = false
		default:
			cur = append(cur, r)
			prevLower = unicode.IsLower(r) || unicode.IsDigit(r)
		}
	}
	flush()
	return out
}
