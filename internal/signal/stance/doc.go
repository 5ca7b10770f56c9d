// Package stance holds the signals of sycophancy: content-free pushback in
// user turns (pushback), the assistant's shift away from its first position
// (stance) and capitulation markers (concession). A turn is scanned once per
// signal into hashed word tokens, without allocating, and matched against
// phrase tables in one pass; vocabularies are bit sets, so memory and the
// cost of a turn stay flat in history length. The stance and concession
// signals only measure answers to a user turn that disagrees; the stance
// shift also consults the trained model StanceModel on the answer's opening.
package stance
