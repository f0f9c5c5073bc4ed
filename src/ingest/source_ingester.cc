#include "ingest/source_ingester.h"

#include "ingest/dead_letters.h"

namespace ripple::ingest {

void RunCounts::Save(ByteWriter& w) const {
  auto save = [&](const InputCounts& c) {
    w.Varint(c.accepted);
    w.Varint(c.late);
    for (uint64_t v : c.by_reason) w.Varint(v);
  };
  for (const auto& c : feeds) save(c);
  save(stream);
}

bool RunCounts::Restore(ByteReader& r) {
  auto restore = [&](InputCounts& c) {
    if (!r.Varint(&c.accepted) || !r.Varint(&c.late)) return false;
    for (uint64_t& v : c.by_reason) {
      if (!r.Varint(&v)) return false;
    }
    return true;
  };
  for (auto& c : feeds) {
    if (!restore(c)) return false;
  }
  return restore(stream);
}

Result<std::unique_ptr<SourceIngester>> SourceIngester::Open(
    const std::string& path, std::optional<Feed> feed, std::string source_name,
    const SourceOptions& options, ValidationContext* ctx, DeadLetters* dead_letters,
    RunCounts* counts) {
  ASSIGN_OR_RETURN(auto reader, LineReader::Open(path));
  bool jsonl = path.ends_with(".jsonl") || path.ends_with(".jsonl.gz") || !feed.has_value() ||
               path == "/dev/stdin";
  std::unique_ptr<SourceIngester> ingester(new SourceIngester(
      std::move(reader), feed, jsonl, std::move(source_name), options, ctx, dead_letters, counts));
  if (!jsonl) RETURN_IF_ERROR(ingester->ReadHeader());
  return ingester;
}

SourceIngester::SourceIngester(std::unique_ptr<LineReader> reader, std::optional<Feed> feed,
                               bool jsonl, std::string source_name, const SourceOptions& options,
                               ValidationContext* ctx, DeadLetters* dead_letters, RunCounts* counts)
    : reader_(std::move(reader)),
      feed_(feed),
      jsonl_(jsonl),
      source_name_(std::move(source_name)),
      ctx_(ctx),
      dead_letters_(dead_letters),
      counts_(counts),
      gate_(options.out_of_order_bound_ms) {}

Status SourceIngester::ReadHeader() {
  std::string_view header;
  if (!reader_->Next(&header)) {
    RETURN_IF_ERROR(reader_->status());
    return Status::InvalidArgument(reader_->path() + ": empty file (expected a header row)");
  }
  const Schema& schema = FeedSchema(*feed_);
  ASSIGN_OR_RETURN(ColumnBinding binding, BindCsvHeader(header, schema, reader_->path()));
  csv_.emplace(schema, binding);
  return Status::Ok();
}

void SourceIngester::Reject(std::optional<Feed> feed, Reason reason, std::string_view line) {
  InputCounts& c = feed ? counts_->feeds[static_cast<int>(*feed)] : counts_->stream;
  c.Count(reason);
  if (dead_letters_ != nullptr) {
    dead_letters_->Write(feed ? FeedStem(*feed) : std::string_view("stream"), source_name_,
                         reader_->line_number(), reason, line);
  }
}

bool SourceIngester::NextBatch(std::vector<Record>* batch, size_t max_records) {
  batch->clear();
  std::string_view line;
  FieldViews fields;
  Record record;
  while (batch->size() < max_records && reader_->Next(&line)) {
    if (line.empty()) continue;
    Feed feed;
    Reason reason;
    if (jsonl_) {
      reason = json_.Read(line, feed_ ? &*feed_ : nullptr, &feed, &fields);
      if (reason != Reason::kAccepted) {
        Reject(feed_, reason, line);
        continue;
      }
    } else {
      feed = *feed_;
      reason = csv_->Parse(line, &fields);
      if (reason != Reason::kAccepted) {
        Reject(feed, reason, line);
        continue;
      }
    }
    reason = ValidateRecord(feed, fields, *ctx_, &record);
    if (reason == Reason::kAccepted) reason = gate_.Admit(record.ts_ms, Fingerprint(record, *ctx_));
    if (reason != Reason::kAccepted) {
      Reject(feed, reason, line);
      continue;
    }
    counts_->feeds[static_cast<int>(feed)].Count(Reason::kAccepted);
    batch->push_back(record);
  }
  return !batch->empty();
}

void SourceIngester::SavePosition(ByteWriter& w) const {
  w.Varint(reader_->offset());
  w.Varint(reader_->line_number());
  gate_.Save(w);
}

Status SourceIngester::RestorePosition(ByteReader& r) {
  uint64_t offset, line;
  if (!r.Varint(&offset) || !r.Varint(&line) || !gate_.Restore(r)) {
    return Status::Corruption(reader_->path() + ": checkpointed position is unreadable");
  }
  if (offset < reader_->offset()) return Status::Ok();  // nothing read past the header yet
  return reader_->SeekTo(offset, line);
}

}  // namespace ripple::ingest
