// Package store persists what the gateway must not forget: sessions (the
// trajectory and its scores), the decisions taken on them, the incidents
// (findings at warn or above, with evidence) and the pending tool-call reviews.
//
// The package holds only the contract: domain types, small role interfaces
// (Sessions, Decisions, Incidents, Reviews, Recorder) and the JSONL export of
// incidents in faultline's scan input format, written once on top of the
// interfaces so that every back end exports the same bytes. Back ends live in
// subpackages (store/sqlite, store/postgres), are opened by DSN through
// store/open, and are held to the same behaviour by the conformance suite in
// store/storetest.
//
// Writes are durable when the method returns: the gateway answers a client
// only after the incident that answer depends on has been committed, so a
// kill -9 cannot lose it.
package store
