// File: fuzz/newline_decoder.cpp
//
// Target newline_decoder: incremental decoding of hostile bytes through
// IncrementalNewlineDecoder (reliability.md §4.2, target 6), for every encoding and error
// handler pyos has. Input: encoding, handler and translate bytes, up to 15 split points,
// then the data. Properties:
// - chunking does not matter (CPython's check_newline_decoding invariant): the data fed in
//   pieces gives the text and the newlines() of one final decode, or an error when that
//   raises — except for utf-16 and utf-32 with a handler other than strict, where CPython's
//   own results depend on the pieces (its BOM detection meets bytes a handler consumed);
//   there, and for the exact texts and messages everywhere, the corpus is compared with
//   CPython (tests/io/text/fuzz_corpus_live_test.cpp);
// - getstate()/setstate() carry a decoder across: a fresh decoder given the state at a
//   split point goes on to the same text (what TextIOWrapper's tell() cookies rely on);
// - the one-shot codecs::decode() agrees with the incremental decoder (but where CPython's
//   do not);
// - a strict decode that succeeds encodes back to the same bytes for the codecs without a
//   BOM or signature (and latin-1 always; utf-8 with surrogateescape too, except where the
//   bytes spell a surrogate, docs/io.md "Str representation");
// - only pyos exceptions come out.
#include <string>

#include "newline_case.hpp"

namespace {

using pyos::fuzz::NewlineCase;
using pyos::fuzz::Outcome;
using pyos::fuzz::outcome_of;
using pyos::fuzz::show;

std::string newlines_of(const pyos::io::IncrementalNewlineDecoder& d) {
  std::string out;
  if (const auto seen = d.newlines()) {
    for (const std::string& nl : *seen) out += "[" + show(nl) + "]";
  }
  return out;
}

bool spells_a_surrogate(std::string_view bytes) {
  for (std::size_t i = 0; i + 1 < bytes.size(); ++i) {
    if (static_cast<unsigned char>(bytes[i]) == 0xED && (static_cast<unsigned char>(bytes[i + 1]) & 0xE0) == 0xA0)
      return true;
  }
  return false;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const NewlineCase c = NewlineCase::parse(data, size);
  const NewlineCase::Result r = c.run();
  const std::string what = c.describe();
  const std::string_view enc(c.encoding), err(c.errors);

  const bool bom_detecting = enc == "utf-16" || enc == "utf-32";
  if (!bom_detecting || err == "strict") {
    // Which error comes first may depend on the pieces, in CPython too: utf-16's incremental
    // decoder raises "Stream does not start with BOM" once it has 2 bytes without one, so
    // pieces meet that before an error further on that one final decode meets first
    // (corpus/newline_decoder/utf16_error_order).
    FUZZ_CHECK(r.once.raised == r.pieces.raised,
               what + ": at once " + r.once.describe() + ", in pieces " + r.pieces.describe());
    if (!r.once.raised) {
      FUZZ_CHECK(r.once.out == r.pieces.out, what + ": at once " + r.once.describe() + ", in pieces " + r.pieces.describe());
      // The newlines seen are the decoder's own record (not part of its state): compared
      // when one decoder saw every piece.
      if (!r.handed_over) {
        FUZZ_CHECK(newlines_of(*r.whole) == newlines_of(*r.chunked),
                   what + ": newlines " + newlines_of(*r.whole) + " vs " + newlines_of(*r.chunked));
      }
    }
  }
  if (r.once.raised) return 0;

  // The one-shot codec agrees with the incremental decoder. CPython's one exception:
  // utf-8-sig's incremental decoder returns '' for a final input that is a proper prefix of
  // the signature, where decode() raises "unexpected end of data"
  // (corpus/newline_decoder/utf8sig_bom_prefix; pyos keeps that difference).
  const Outcome codec = outcome_of([&](std::string& out) { out = pyos::codecs::decode(c.bytes, enc, err); });
  const Outcome incremental =
      outcome_of([&](std::string& out) { out = pyos::codecs::getincrementaldecoder(enc, err)->decode(c.bytes, true); });
  const bool bom_prefix = enc == "utf-8-sig" && !c.bytes.empty() && c.bytes.size() < 3 &&
                          std::string_view("\xef\xbb\xbf").starts_with(c.bytes);
  if (!bom_prefix) {
    FUZZ_CHECK(codec == incremental, what + ": decode() " + codec.describe() + ", incremental " + incremental.describe());
  }

  // Round trips: a strict decode that succeeds encodes back to the same bytes for the codecs
  // without a BOM or signature, latin-1 always, utf-8 with surrogateescape unless the bytes
  // spell a surrogate (docs/io.md "Str representation").
  const bool plain = enc == "utf-8" || enc == "utf-16-le" || enc == "utf-16-be" || enc == "utf-32-le" ||
                     enc == "utf-32-be" || enc == "latin-1";
  const bool round_trips =
      (plain && err == "strict") || (enc == "utf-8" && err == "surrogateescape" && !spells_a_surrogate(c.bytes));
  if (round_trips && !codec.raised) {
    const Outcome back = outcome_of([&](std::string& out) { out = pyos::codecs::encode(codec.out, enc, err); });
    FUZZ_CHECK(!back.raised && back.out == c.bytes,
               what + ": decoded " + codec.describe() + ", encoded back " + back.describe());
  }
  return 0;
}
