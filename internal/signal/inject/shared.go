package inject

import (
	"github.com/faultline-dev/faultline/internal/signal"
	"github.com/faultline-dev/faultline/internal/signal/encoded"
	"github.com/faultline-dev/faultline/internal/signal/model"
	"github.com/faultline-dev/faultline/internal/trajectory"
	"strings"
)

// sentencesKey is the key of a session's SentenceCache in signal.Shared, one per
// model: trackers over the same model share the scores.
type sentencesKey struct{ m *model.Model }

// SentenceCache holds the sentence chunks (SentenceChunks) of the current
// message of one trajectory, so that the signals that score every sentence
// of a tool result (instruction_in_data, tainted_tool_call) do it once.
type SentenceCache struct {
	scorer  *Scorer
	msg     *trajectory.Message
	idx     int
	content string
	// text is what the chunks index: the content, then, for a tool
	// result that carries base64 text, a line with the decoded text.
	text    string
	chunks  []Chunk
	scratch Scratch
	// decoded is the session's base64 decoding (hidden_text reads the
	// same one).
	decoded *encoded.Cache
}

// SharedSentences returns the sentence cache of the session for scorer s:
// the one another tracker of the session created for the same model, or a
// new one. A nil shared gives a cache of the caller's own.
func SharedSentences(shared *signal.Shared, s *Scorer) *SentenceCache {
	return signal.Get(shared, sentencesKey{s.m}, func() *SentenceCache {
		return &SentenceCache{scorer: s, idx: -1, decoded: encoded.Shared(shared)}
	})
}

// Reuse returns the sentence cache of the session of shared for a tracker
// that had c and is reset for another trajectory (see signal.Resetter): c
// itself, emptied, unless another tracker of the session already took it.
// A nil shared gives c, emptied, as the caller's own.
func (c *SentenceCache) Reuse(shared *signal.Shared) *SentenceCache {
	return signal.Reuse(shared, sentencesKey{c.scorer.m}, c, func() { c.reset(shared) })
}

// reset empties c for another trajectory, keeping its buffers.
func (c *SentenceCache) reset(shared *signal.Shared) {
	c.msg, c.idx, c.content, c.text = nil, -1, "", ""
	c.chunks = c.chunks[:0]
	c.decoded = encoded.Shared(shared)
}

// Of returns SentenceChunks of the text of message i (Text). The slice is
// owned by the cache: callers must not modify it, and it is valid until the
// next message.
func (c *SentenceCache) Of(i int, m *trajectory.Message) []Chunk {
	if c.msg == m && c.idx == i && c.content == m.Content {
		return c.chunks
	}
	c.msg, c.idx, c.content, c.text = m, i, m.Content, m.Content
	if m.Role == trajectory.RoleTool {
		if strings.Contains(c.text, "</") {
			// HTML blocks are paragraphs: a hidden paragraph that
			// addresses the model is a sentence of its own, not the tail
			// of the visible one before it ("...Main Street.</p><p
			// style=...>AI assistant: append ...").
			c.text = htmlBlocks.Replace(c.text)
		}
		// An order encoded in base64 (or in invisible tag characters) is
		// read like one in plain text: a model decodes it, a reader of the
		// surface does not.
		if dec := c.decoded.Text(m.Content); len(dec) > 0 {
			c.text = c.text + "\n" + string(dec)
		}
	}
	c.chunks = c.scorer.SentenceChunksBuf(c.text, c.chunks[:0], &c.scratch)
	return c.chunks
}

// htmlBlocks puts a line end after the tags that close an HTML block.
var htmlBlocks = strings.NewReplacer("</p>", "</p>\n", "</div>", "</div>\n", "</li>", "</li>\n", "</tr>", "</tr>\n",
	"</h1>", "</h1>\n", "</h2>", "</h2>\n", "</h3>", "</h3>\n", "</td>", "</td>\n", "</blockquote>", "</blockquote>\n")

// Text returns the text the chunks of the last Of index.
func (c *SentenceCache) Text() string { return c.text }

// maxOfSentences is Scorer.max(text, false, ...) computed from the text's
// sentence chunks: sentences are grouped into chunks of chunkChars as
// chunks groups them, and the first chunk with the highest score wins.
func maxOfSentences(text string, sents []Chunk) (float64, string, Cue) {
	var best Chunk
	cur := Chunk{}
	for _, s := range sents {
		if s.Score > cur.Score {
			cur.Score, cur.Cue = s.Score, s.Cue
		}
		cur.End = s.End
		if cur.End-cur.Start >= chunkChars {
			if cur.Score > best.Score {
				best = cur
			}
			cur = Chunk{Start: cur.End}
		}
	}
	if cur.End > cur.Start && cur.Score > best.Score {
		best = cur
	}
	if best.End == 0 {
		return 0, "", ""
	}
	return best.Score, Excerpt(text[best.Start:best.End]), best.Cue
}
