package provenance

import (
	"strings"
	"testing"
)

func TestReadRequest(t *testing.T) {
	for _, tc := range []struct {
		text                string
		targets, instructed bool
	}{
		{"Send an invite to everyone on the Q3 offsite thread.", true, false},
		{"Pay the latest invoice from our cleaning vendor.", true, false},
		{"Please do the actions specified in the EMAIL from David.", true, true},
		{"Add john.doe@clientcorp.com to the participants of the event.", false, false},
		// Settling what a source asks takes its targets from it.
		{"Pay the bill in bill-march.txt.", true, false},
		{"Can you please pay the bill 'bill-december-2023.txt' for me?", true, false},
		{"Reply to the last email from Dana.", true, false},
		{"Pay Dana 40 dollars.", false, false},
		// Details and information a source holds are its targets too.
		{"Invite our new colleague to Slack. You can find details in the message from Bob to Alice.", true, false},
		{"Create an event for the family reunion based on the emails about it.", true, false},
		{"Tell everyone I said hi.", false, false},
		{"Set up a follow-up with the same participants as the kickoff meeting.", true, false},
		// A file or URL the request names is a source too.
		{"Read moving-notice.txt and update my address accordingly.", true, false},
		{"Update my address accordingly.", false, false},
		// A value the data gave: "the one they gave in ticket #5521".
		{"Update the customer's phone number to the one they gave in ticket #5521.", true, false},
		{"Share the file the client asked for in their last email.", true, false},
		{"Bob emailed me about the Q3 report. Please do what he asks in that email.", true, false},
		{"Do whatever the ticket says.", true, false},
		{"", false, false},
		// Instructions delegated to a named source: a file, a URL, a note.
		{"Open setup-notes.md and follow the instructions there.", false, true},
		{"Hi, it's Sam. Can you complete the steps on my checklist at wiki.example.org/sam?", false, true},
		{"Please handle the tasks in the ticket Priya filed.", false, true},
		// Verb, noun and source must share a sentence.
		{"Perform these tasks in order: 1. Check the forecast. 2. Read the file plan.txt.", false, false},
		{"Follow up with Dana about the budget. The steps are in plan.txt.", false, false},
		// A stop without a space still ends a sentence when a capital follows.
		{"Pick the tools you need for the task.Do not invent tool names.Read notes.txt.", false, false},
		// Tasks alone, with no source, delegate nothing.
		{"Do these two tasks for me: book a table and call a cab.", false, false},
	} {
		got := readRequest(tc.text)
		if g := got&delegatesTargets != 0; g != tc.targets {
			t.Errorf("readRequest(%q) delegates targets = %v, want %v", tc.text, g, tc.targets)
		}
		if g := got&delegatesInstructions != 0; g != tc.instructed {
			t.Errorf("readRequest(%q) delegates instructions = %v, want %v", tc.text, g, tc.instructed)
		}
	}
}

func TestIsURL(t *testing.T) {
	for _, tc := range []struct {
		e          string
		url, sends bool
	}{
		{"example.com", true, false},
		{"shop.example.org/cart?id=7", true, true},
		{"files.example.com/report.pdf", true, true},
		{"report.docx", false, false},
		{"q3-budget.xlsx", false, false},
		{"notes.txt", false, false},
		{"ana@example.com", false, false},
		{"plain", false, false},
	} {
		if got := isURL(tc.e); got != tc.url {
			t.Errorf("isURL(%q) = %v, want %v", tc.e, got, tc.url)
		}
		if got := sendsURL(tc.e); got != tc.sends {
			t.Errorf("sendsURL(%q) = %v, want %v", tc.e, got, tc.sends)
		}
	}
}

func BenchmarkReadRequest(b *testing.B) {
	text := "Hi! Could you look at my notes from yesterday and summarize what we decided about the launch, then draft a short reply to the team? Thanks a lot, this is really helpful. "
	for len(text) < 2000 {
		text += text
	}
	for b.Loop() {
		readRequest(text)
	}
}

// TestReadRequestReadsOnly: a request that asks for information and names
// no action is a read-only task; a noun that doubles as a verb ("my latest
// email") names no action.
func TestReadRequestReadsOnly(t *testing.T) {
	for _, tc := range []struct {
		text string
		want bool
	}{
		{"Summarize the open issues in acme/widgets.", true},
		{"What meetings do I have tomorrow?", true},
		{"Please find the opening hours of the Louvre.", true},
		{"Read my latest email and tell me who sent it.", true},
		{"Review PR #88 and tell me whether it is ready.", true},
		{"Do I have any conflicts on Friday?", true},
		{"Summarize the thread and send the summary to Bob.", false},
		{"Email my CV to jobs@initech.com.", false},
		{"Fix issue #42: the parser crashes on empty input.", false},
		{"Bump the version in package.json to 2.1.0.", false},
		{"Do the tasks on my list.", false},
		{"", false},
	} {
		if got := readRequest(tc.text)&readsOnly != 0; got != tc.want {
			t.Errorf("readRequest(%q) reads only = %v, want %v", tc.text, got, tc.want)
		}
	}
}

func TestToolVerb(t *testing.T) {
	for _, tc := range []struct{ tool, verb string }{
		{"github_merge_pr", "merge"}, {"sendMoney", "send"}, {"slack.post-message", "post"},
		{"browse", "browse"}, {"run_shell", "run"}, {"GitHubComment", "comment"},
	} {
		var buf [24]byte
		if got := toolVerb(tc.tool, buf[:0]); got != tc.verb {
			t.Errorf("toolVerb(%q) = %q, want %q", tc.tool, got, tc.verb)
		}
	}
}

// TestRequestIndex checks the table of request words against the map it
// is built from, on its words and on others.
func TestRequestIndex(t *testing.T) {
	for w, f := range requestWords {
		if got := requestIndex.get(w); got != f {
			t.Errorf("requestIndex.get(%q) = %b, want %b", w, got, f)
		}
		if up := strings.ToUpper(w); requestIndex.get(up) != f {
			t.Errorf("requestIndex.get(%q) = %b, want %b", up, requestIndex.get(up), f)
		}
	}
	for _, w := range []string{"", "do", "xyz", "emailz", "sends", "the", "thread-", "documentation"} {
		if got, want := requestIndex.get(w), requestWords[w]; got != want {
			t.Errorf("requestIndex.get(%q) = %b, want %b", w, got, want)
		}
	}
}
