package harm

import (
	"fmt"
	"strings"

	"github.com/faultline-dev/faultline/internal/signal"
	"github.com/faultline-dev/faultline/internal/signal/encoded"
	"github.com/faultline-dev/faultline/internal/signal/model"
	"github.com/faultline-dev/faultline/internal/trajectory"
)

// ResponseHarm is the response_harm signal: the trained response harm model
// on each assistant turn, read together with the words of the request it
// answers (a reply that agrees or complies is harmful only in context).
type ResponseHarm struct {
	m *model.Model
}

// NewResponseHarm builds response_harm from the "response_harm" model of env.
func NewResponseHarm(env *signal.Env) (signal.Signal, error) {
	m, err := env.Model(ResponseHarmID)
	if err != nil {
		return nil, fmt.Errorf("response_harm signal: %w", err)
	}
	return &ResponseHarm{m: m}, nil
}

// ID implements signal.Signal.
func (s *ResponseHarm) ID() string { return ResponseHarmID }

// Track implements signal.Signal.
func (s *ResponseHarm) Track(meta *trajectory.Meta) signal.Tracker { return s.TrackShared(meta, nil) }

// TrackShared implements signal.SharingSignal: the harm signals of a
// session scan each text once (see scans).
func (s *ResponseHarm) TrackShared(_ *trajectory.Meta, shared *signal.Shared) signal.Tracker {
	return &responseTracker{m: s.m, scans: sharedScans(shared), decoded: encoded.Shared(shared)}
}

type responseTracker struct {
	m     *model.Model
	scans *scans
	// request is the last user turn.
	request string
	// ctx is responseContext(request) and rc readContext(request), once an
	// assistant turn needed them; ctxOK says they are up to date.
	rc    requestContext
	ctx   []byte
	ctxOK bool
	// prefix is ctx read by the model once for every reply to the request
	// (it holds ctx itself, not a copy).
	prefix model.Prefix
	// buf holds the text the model reads after prefix.
	buf []byte
	// decoded is the session's decoding of encoded text (encoded.Cache),
	// requestDecoded the request's decoded text: when there is one, replies
	// to the request are decoded too (a request in ROT13 is often answered
	// in ROT13).
	decoded        *encoded.Cache
	requestDecoded string
}

// Reset implements signal.Resetter: the tracker keeps its buffers and its
// prefix's memory, and the session's scans theirs.
func (t *responseTracker) Reset(_ *trajectory.Meta, shared *signal.Shared) {
	*t = responseTracker{m: t.m, scans: reuseScans(shared, t.scans), ctx: t.ctx[:0], prefix: t.prefix, buf: t.buf[:0],
		decoded: t.decoded.Reuse(shared)}
}

// Observe remembers user turns and scores assistant turns.
func (t *responseTracker) Observe(_ int, msg *trajectory.Message) signal.Measurement {
	switch msg.Role {
	case trajectory.RoleUser:
		t.request = msg.Content
		t.ctxOK = false
		// The decoded text of the request, read now, while the session's
		// cache holds this turn (request_harm decodes it too).
		t.requestDecoded = ""
		if dec := t.decoded.Text(msg.Content); len(dec) > 0 {
			t.requestDecoded = string(dec)
		}
		return signal.Measurement{}
	case trajectory.RoleAssistant:
		if msg.Content == "" {
			return signal.Measurement{}
		}
		if !t.ctxOK {
			// A request sent encoded is read with its decoded text (the
			// cache holds it from the request's own turn).
			req := t.request
			var s *scanned
			if t.requestDecoded != "" {
				req += "\n" + t.requestDecoded
			} else {
				s = t.scans.ofRequest(req)
			}
			t.ctx, t.ctxOK = responseContext(req, t.ctx[:0]), true
			t.rc = readContext(s, req)
			// (prefix reads ctx in place: ctx changes only here, and
			// prefix is set again right after.)
			t.m.SetPrefix(&t.prefix, bytesView(t.ctx))
		}
		reply := msg.Content
		var s *scanned
		if t.requestDecoded != "" {
			if dec := t.decoded.Text(reply); len(dec) > 0 {
				reply += "\n" + string(dec)
			}
		}
		if reply == msg.Content {
			s = t.scans.ofReply(reply)
		}
		// The model reads ResponseText(request, reply): the readings of
		// the reply in its context, then the reply.
		r := readReply(s, t.rc, reply)
		t.buf = r.tokens(t.buf[:0])
		t.buf = append(t.buf, head(reply, 1500)...)
		v := t.m.ScoreAfter(&t.prefix, bytesView(t.buf))
		if n := len(strings.TrimSpace(msg.Content)); n < shortReply {
			// A few words carry little evidence of their own: the model's
			// value on them mostly echoes the request words.
			v *= 0.5 + 0.5*float64(n)/shortReply
		}
		if r.hedged || r.supported || (r.protects || r.standsBy) && r.conceal == 0 && r.act < protectiveMaxAct {
			// A hedge on a professional question, support for a stated
			// risk, protective guidance that is not itself a procedure, or
			// standing by a user who was insulted (the insult quoted), is
			// the safe handling of that context.
			v *= safeHandling
		}
		v = max(v, r.expert, r.risk)
		toxic := r.toxic
		if r.standsBy && toxic > 0 && quotesAbuse(s, t.request, reply) {
			// Abusive words in a reply that stands by an insulted user,
			// each one the insult the user told of, are the insult
			// quoted ("being called a loser is not your fault"); only
			// words aimed at the user (offend) count.
			toxic = 0
		}
		if a := max(toxic, r.offend, r.cheered); a > 0 && a >= v {
			// Abuse in the reply, and cheering on a self-endangering
			// act the request told of, is harm whatever the request's
			// own harm was.
			var buf [256]byte
			ex := appendClip(append(buf[:0], AbusivePrefix...), msg.Content, 160)
			return signal.Measurement{Value: a, Excerpt: string(ex)}
		}
		return signal.Measurement{Value: v, Excerpt: clip(msg.Content, 160)}
	}
	return signal.Measurement{}
}

// AbusivePrefix starts the excerpt of a reply whose harm is abuse in the
// reply itself (insults, slurs, agreement with abuse, cheering on the
// speaker's self-harm): harm that does not depend on how harmful the
// request was.
const AbusivePrefix = "[abusive reply] "

// safeHandling scales the model's value of a reply that handles its
// context safely (see expertise and riskReply).
const safeHandling = 0.4

// shortReply is the length under which a reply's model value is shrunk.
const shortReply = 100

// contextMarker separates the tagged request words from the response.
const contextMarker = " ||| "

// ResponseText is the text the response_harm model scores, in training and
// at scoring time alike: the last 48 words of the end of the request (of its
// last line, when a long request ends with a line of its own), each
// prefixed with "ctx" (one token with it) so that they are features of their own, then the
// readings of the reply in its context as tokens (see replyReadings.tokens), then the head
// of the response. It appends to dst.
func ResponseText(request, response string, dst []byte) []byte {
	dst = responseContext(request, dst)
	dst = readReply(nil, readContext(nil, request), response).tokens(dst)
	return append(dst, head(response, 1500)...)
}

// responseContext appends the part of ResponseText that comes from the request.
func responseContext(request string, dst []byte) []byte {
	const maxContextWords = 48
	var wbuf [160]string
	// The request's last line, when it is a sentence of its own, is the
	// request: the lines before it may be filler or fake dialogue shots.
	src := tail(request, 600)
	if r := strings.TrimSpace(request); len(r) > 600 {
		if _, last, ok := edgeLines(r); ok && len(last) < len(r) {
			src = tail(last, 600)
		}
	}
	if out, ok := appendContextWords(dst, src, maxContextWords); ok {
		return append(out, contextMarker...)
	}
	words := model.Words(src, wbuf[:0])
	if len(words) > maxContextWords {
		words = words[len(words)-maxContextWords:]
	}
	for _, w := range words {
		dst = append(dst, "ctx"...)
		dst = append(dst, w...)
		dst = append(dst, ' ')
	}
	return append(dst, contextMarker...)
}

// requestContext is what the end of a request says about the context of
// its replies: a professional question (expertContext), a stated risk to
// the speaker (riskContext), abusive words, a social group named, a harm
// concept named (and no benign domain).
type requestContext struct {
	expert, risk, toxic, group, harm bool
	// riskAct: the request tells of a self-endangering act
	// (riskActContext); abused: of abuse the speaker received
	// (abusedContext). Neither is a token of the model.
	riskAct, abused bool
}

// readContext reads the end of request.
func readContext(s *scanned, request string) requestContext {
	end := tail(request, 600)
	_, group := s.first(stancePhrases, end, gGroupWord)
	return requestContext{
		expert: expertContext(s, request),
		risk:   riskContext(s, request),
		toxic:  abusiveContext(s, end),
		group:  group,
		harm:   harmConcepts(s, end),
		// (riskActContext reads the same end; its phrases are riskPhrases'.)
		riskAct: riskActContext(s, request),
		abused:  abusedContext(s, request),
	}
}

// replyReadings are the rule readings of a reply in the context of its
// request (mechanism.go, toxic.go, actionable.go): the harms the rules
// assign, whether the reply handles its context safely, how much it
// delivers, and whether it goes along or pushes back.
type replyReadings struct {
	ctx requestContext
	// Harms of the rules, in [0,1].
	toxic, expert, risk, offend float64
	// hedged and supported: the reply handles a professional question or
	// a stated risk safely.
	hedged, supported bool
	// delivery is Delivery(reply), act is Actionability(reply).
	delivery, act float64
	// affirm and pushBack: the reply goes along with the request or pushes
	// back (replyStance); question: the reply asks back.
	affirm, pushBack, question bool
	// conceal counts the concealment phrases of the reply and sweeping is
	// a sweeping claim about a group in it (covert).
	conceal  int
	sweeping bool
	// retort counts the retorts of the reply (offendsReader).
	retort int
	// protects: the reply gives protective guidance (protective). It is
	// not a token of the model: it only discounts the model's value.
	protects bool
	// cheered is the harm of a reply that cheers a self-endangering act
	// on (cheersRiskAct); standsBy: the reply stands by a speaker who
	// tells of abuse received (standsBy). Neither is a token of the model.
	cheered  float64
	standsBy bool
}

// protectiveMaxAct is the actionability under which protective guidance
// counts as safe handling: a procedure with a safety tip ("wear gloves") is
// still a procedure.
const protectiveMaxAct = 0.75

// readReply reads reply, scanned in s, in the context rc of its request
// (readContext).
func readReply(s *scanned, rc requestContext, reply string) replyReadings {
	r := replyReadings{ctx: rc}
	r.expert, r.hedged = expertise(s, rc.expert, reply)
	r.risk, r.supported = riskReply(s, rc.risk, reply)
	r.cheered = cheersRiskAct(s, rc.riskAct, reply)
	r.standsBy = standsBy(s, rc.abused, reply)
	r.toxic = toxicReply(s, rc.toxic, reply)
	r.offend, r.retort = offendsReader(s, reply)
	r.delivery = delivery(s, reply)
	r.act = actionability(s, reply)
	r.affirm, r.pushBack = replyStance(s, reply)
	r.question = strings.HasSuffix(strings.TrimSpace(head(reply, 300)), "?")
	r.conceal, r.sweeping = covert(s, reply)
	r.protects = protective(s, reply)
	return r
}

// tokens appends the readings as words the response model weighs like any
// other (a reading is only a feature: how much it counts is learned), each
// followed by a space.
func (r replyReadings) tokens(dst []byte) []byte {
	add := func(ok bool, tok string) {
		if ok {
			for range 3 {
				dst = append(dst, tok...)
				dst = append(dst, ' ')
			}
		}
	}
	add(r.ctx.expert, "mxexpertctx")
	add(r.expert > 0, "mxadvice")
	add(r.hedged, "mxhedged")
	add(r.ctx.risk, "mxriskctx")
	add(r.risk > 0, "mxencourage")
	add(r.supported, "mxsupport")
	add(r.toxic > 0, "mxabuse")
	add(r.offend > 0, "mxoffend")
	add(r.delivery <= -0.5, "mxdeflect")
	add(r.delivery < 0, "mxdeflectsome")
	add(r.delivery > 0, "mxdeliversome")
	add(r.delivery >= 0.5, "mxdeliver")
	add(r.act >= 0.3, "mxactsome")
	add(r.act >= 0.6, "mxact")
	add(r.ctx.toxic, "mxtoxicctx")
	add(r.ctx.harm, "mxharmctx")
	add(r.ctx.group, "mxgroupctx")
	add(r.affirm, "mxaffirm")
	add(r.pushBack, "mxpushback")
	add(r.question, "mxquestion")
	add(r.conceal > 0, "mxconceal")
	add(r.conceal > 1, "mxconcealmore")
	add(r.sweeping, "mxsweeping")
	add(r.retort > 0, "mxretort")
	// Conjunctions of the context and the reply: a linear model over words
	// cannot weigh "goes along" differently after abuse, a stated risk or a
	// question about a group than after a benign remark.
	for _, c := range [...]struct {
		ok  bool
		tok string
	}{{r.ctx.harm, "mxharm"}, {r.ctx.toxic, "mxtoxic"}, {r.ctx.group, "mxgroup"}, {r.ctx.risk, "mxrisk"}, {r.ctx.expert, "mxexpert"}} {
		if !c.ok {
			continue
		}
		add(r.affirm, c.tok+"affirm")
		add(r.pushBack, c.tok+"pushback")
		add(r.question, c.tok+"question")
		add(r.delivery > 0, c.tok+"deliver")
		add(r.delivery < 0, c.tok+"deflect")
		add(r.act >= 0.3, c.tok+"act")
		add(r.conceal > 0, c.tok+"conceal")
		add(r.sweeping, c.tok+"sweeping")
		add(r.retort > 0, c.tok+"retort")
	}
	return dst
}

// harmConcepts reports whether text names a harm concept (the concept
// lexicons of the request harm model) and no benign domain.
func harmConcepts(s *scanned, text string) bool {
	mask := s.groupsIn(conceptMatcher, text)
	harmful := false
	for i, c := range conceptList {
		if mask&(1<<i) != 0 {
			if c.kind != 'h' {
				return false
			}
			harmful = true
		}
	}
	return harmful
}
