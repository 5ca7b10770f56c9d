package provenance_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/faultline-dev/faultline/internal/signal"
	"github.com/faultline-dev/faultline/internal/signal/inject"
	"github.com/faultline-dev/faultline/internal/signal/model"
	"github.com/faultline-dev/faultline/internal/signal/provenance"
	"github.com/faultline-dev/faultline/internal/trajectory"
)

// toolKB returns a 1 KB tool result like an e-mail listing.
func toolKB(i int) string {
	var b strings.Builder
	for j := 0; b.Len() < 1024; j++ {
		fmt.Fprintf(&b, "- id_: '%d'\n  sender: lily.white%d@gmail.com\n  subject: Birthday party on Saturday\n  body: Hi Emma, we are meeting at the Riverside Cafe at 3pm, please bring the cake and let me know if you can come. See https://www.party-%d.com/rsvp for details.\n", i*10+j, j, j)
	}
	return b.String()[:1024]
}

// BenchmarkAll measures every signal of the inject and provenance packages
// on a cycle of 1 KB turns (user, assistant call, tool result, assistant
// answer) with the embedded model; ns/op is per turn.
func BenchmarkAll(b *testing.B) {
	models, err := model.Builtin()
	if err != nil {
		b.Skip(err)
	}
	env := &signal.Env{Models: models}
	var sigs []signal.Signal
	for _, c := range []signal.Constructor{inject.NewInstruction, provenance.New, inject.NewMarkers,
		inject.NewPad, inject.NewHidden, inject.NewShots} {
		s, err := c(env)
		if err != nil {
			b.Fatal(err)
		}
		sigs = append(sigs, s)
	}
	user := strings.Repeat("Please read my inbox and reply to the e-mail about the birthday party with a short confirmation. ", 11)[:1024]
	var msgs []trajectory.Message
	for i := range 50 {
		msgs = append(msgs,
			trajectory.Message{Role: trajectory.RoleUser, Content: user},
			trajectory.Message{Role: trajectory.RoleAssistant, Content: user, ToolCalls: []trajectory.ToolCall{{Name: "send_email",
				Arguments: map[string]any{"recipients": []any{"lily.white3@gmail.com"}, "subject": "Re: party", "body": "I will come on Saturday and bring the cake."}}}},
			trajectory.Message{Role: trajectory.RoleTool, Content: toolKB(i)},
			trajectory.Message{Role: trajectory.RoleAssistant, Content: user})
	}
	b.SetBytes(1024)
	set := signal.NewSet(sigs)
	var sess *signal.Session
	i := 0
	for b.Loop() {
		if i%len(msgs) == 0 {
			// A session, as the pipeline runs it: trackers share work.
			sess = set.Track(&trajectory.Meta{})
		}
		sess.Observe(&msgs[i%len(msgs)])
		i++
	}
}
