package harm

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/faultline-dev/faultline/internal/signal"
	"github.com/faultline-dev/faultline/internal/signal/model"
	"github.com/faultline-dev/faultline/internal/trajectory"
)

const (
	// topicWindow is how many recent user requests form the union scored
	// for decomposition.
	topicWindow = 3
	// maxBag caps the harmful-topic bag; the weakest words are evicted.
	maxBag = 256
	// harmfulAt is the request harm from which a request's words join the bag.
	harmfulAt = 0.5
)

// Topic is the harm_topic signal. It keeps a bounded bag of the content
// words of harmful requests (weighted by their harm) and the content words of
// the last few requests. On a user turn its value is the larger of (a) the
// harm of earlier requests this one shares its topic with, scaled by the
// overlap, and (b) the harm of the union of the recent requests, which
// catches a harmful goal split into individually mild steps. On an assistant
// turn it is the overlap of the reply with the harmful topics.
type Topic struct {
	m *model.Model
}

// NewTopic builds harm_topic from the "request_harm" model of env.
func NewTopic(env *signal.Env) (signal.Signal, error) {
	m, err := env.Model(RequestHarmID)
	if err != nil {
		return nil, fmt.Errorf("harm_topic signal: %w", err)
	}
	return &Topic{m: m}, nil
}

// ID implements signal.Signal.
func (s *Topic) ID() string { return TopicID }

// Track implements signal.Signal.
func (s *Topic) Track(meta *trajectory.Meta) signal.Tracker { return s.TrackShared(meta, nil) }

// TrackShared implements signal.SharingSignal: the harm signals of a
// session gloss each request once (see scans).
func (s *Topic) TrackShared(_ *trajectory.Meta, shared *signal.Shared) signal.Tracker {
	return &topicTracker{m: s.m, bag: map[string]float64{}, scans: sharedScans(shared)}
}

type topicTracker struct {
	m   *model.Model
	bag map[string]float64
	// recent holds the model's feature sums of the last requests' content
	// words, and each request's head for evidence.
	recent [topicWindow]featureSum
	texts  [topicWindow]string
	next   int
	words  []string
	buf    []byte
	scans  *scans
}

// Reset implements signal.Resetter: the tracker keeps its buffers and the
// memory of its bag, and the session's scans theirs.
func (t *topicTracker) Reset(_ *trajectory.Meta, shared *signal.Shared) {
	clear(t.bag)
	clear(t.words) // (no hold on the last trajectory's texts)
	*t = topicTracker{m: t.m, bag: t.bag, words: t.words[:0], buf: t.buf[:0], scans: reuseScans(shared, t.scans)}
}

// featureSum is the sum of a text's feature weights and its feature count:
// the request model's logit of a union of texts is the sum of their sums
// over the square root of the summed counts (n-grams across the seams are
// left out).
type featureSum struct {
	z float64
	n int
}

// Observe updates the topic state and measures the turn.
func (t *topicTracker) Observe(_ int, msg *trajectory.Message) signal.Measurement {
	switch msg.Role {
	case trajectory.RoleUser:
		return t.user(msg.Content)
	case trajectory.RoleAssistant:
		return t.assistant(msg.Content)
	}
	return signal.Measurement{}
}

func (t *topicTracker) user(text string) signal.Measurement {
	// A request in another language is read in its English gloss.
	if gloss, glossed := t.scans.gloss(text); glossed {
		text = string(gloss)
	}
	words := t.scans.contentWords(text)
	if len(words) == 0 {
		return signal.Measurement{}
	}
	link, linked := t.overlap(words)
	cur := t.sum(words)
	own := t.prob(cur)
	// Union of the earlier recent requests with this one.
	var union float64
	prev := 0
	u := cur
	for _, r := range t.recent {
		if r.n == 0 {
			continue
		}
		prev++
		u.z += r.z
		u.n += r.n
	}
	if prev > 0 {
		union = t.prob(u)
	}
	// The union only counts as decomposition beyond what the request carries alone.
	decomp := max(0, union-own*0.5)
	m := signal.Measurement{}
	switch {
	case link >= decomp && link > 0:
		m = signal.Measurement{Value: link, Excerpt: "same topic as earlier harmful request: " + strings.Join(linked, " ")}
	case decomp > 0 && prev > 0:
		// "union of the last %d requests scores %.2f: / ... / ...", built
		// in one buffer.
		ex := append(t.buf[:0], "union of the last "...)
		ex = strconv.AppendInt(ex, int64(prev+1), 10)
		ex = append(ex, " requests scores "...)
		ex = strconv.AppendFloat(ex, union, 'f', 2, 64)
		ex = append(ex, ':')
		for k := 1; k <= topicWindow; k++ {
			if r := t.texts[(t.next+k)%topicWindow]; r != "" {
				ex = appendClip(append(ex, " / "...), r, 60)
			}
		}
		ex = appendClip(append(ex, " / "...), text, 60)
		t.buf = ex
		m = signal.Measurement{Value: decomp, Excerpt: string(ex)}
	}
	if h := max(own, union); h >= harmfulAt {
		t.remember(words, h)
	}
	t.recent[t.next] = cur
	t.texts[t.next] = head(text, 240)
	t.next = (t.next + 1) % topicWindow
	return m
}

func (t *topicTracker) assistant(text string) signal.Measurement {
	if len(t.bag) == 0 || text == "" {
		return signal.Measurement{}
	}
	t.words = contentWords(head(text, 1500), t.words[:0])
	v, linked := t.overlap(t.words)
	if v == 0 {
		return signal.Measurement{}
	}
	return signal.Measurement{Value: v, Excerpt: "reply on harmful topic: " + strings.Join(linked, " ")}
}

// sum is the request model's feature sum of a bag of content words (read
// as one text, in order).
func (t *topicTracker) sum(words []string) featureSum {
	t.buf = t.buf[:0]
	for _, w := range words {
		t.buf = append(t.buf, w...)
		t.buf = append(t.buf, ' ')
	}
	t.buf = appendConcepts(nil, bytesView(t.buf), t.buf)
	z, n := t.m.Sum(bytesView(t.buf))
	return featureSum{z: z, n: n}
}

// prob is the request model's probability for a feature sum (as
// model.Score computes it).
func (t *topicTracker) prob(s featureSum) float64 {
	z := float64(t.m.Bias)
	if s.n > 0 {
		z += s.z / math.Sqrt(float64(s.n))
	}
	return 1 / (1 + math.Exp(-z))
}

// overlap is the harm weight of the bag words among words, saturating at
// three shared words, and the shared words.
func (t *topicTracker) overlap(words []string) (float64, []string) {
	if len(t.bag) == 0 {
		return 0, nil
	}
	var sum, top float64
	var linked []string
	for _, w := range words {
		if h, ok := t.bag[w]; ok {
			sum += h
			top = max(top, h)
			if len(linked) < 8 {
				linked = append(linked, w)
			}
		}
	}
	if len(linked) == 0 {
		return 0, nil
	}
	frac := min(1, float64(len(linked))/3)
	return top * frac, linked
}

// remember adds words to the bag with weight h, evicting the weakest words
// when the bag is full. Words are copied: the bag outlives the turn.
func (t *topicTracker) remember(words []string, h float64) {
	for _, w := range words {
		if old, ok := t.bag[w]; !ok {
			t.bag[strings.Clone(w)] = h
		} else if h > old {
			t.bag[w] = h
		}
	}
	for len(t.bag) > maxBag {
		weakest, wv := "", 2.0
		for w, v := range t.bag {
			if v < wv || v == wv && w < weakest {
				weakest, wv = w, v
			}
		}
		delete(t.bag, weakest)
	}
}
