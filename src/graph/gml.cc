// ReadGml (graph/gml.h): a small recursive-descent reader for the GML subset the public graph
// collections use: `key value` pairs where a value is a number, a "string" or a [ list ];
// lines starting with # are comments. Only graph/node/edge and the attributes id, source,
// target, gt and value are interpreted; everything else is read and skipped.
#include "graph/gml.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <fstream>
#include <sstream>
#include <unordered_map>

namespace ripple::graph {
namespace {

struct Token {
  enum Kind { kEnd, kKey, kNumber, kString, kOpen, kClose, kBad } kind = kEnd;
  std::string text;
  int line = 0;
};

class Lexer {
 public:
  explicit Lexer(std::string text) : text_(std::move(text)) {}

  // The end token carries the line of the last token: "end of file" errors point at the last
  // line with content.
  Token Next() {
    SkipSpace();
    Token t;
    if (pos_ >= text_.size()) {
      t.line = last_line_;
      return t;
    }
    t.line = last_line_ = line_;
    const char c = text_[pos_];
    if (c == '[' || c == ']') {
      ++pos_;
      t.kind = c == '[' ? Token::kOpen : Token::kClose;
      t.text = c;
    } else if (c == '"') {
      const size_t end = text_.find('"', pos_ + 1);
      if (end == std::string::npos) {
        t.kind = Token::kBad;
        t.text = "unterminated string";
        pos_ = text_.size();
        return t;
      }
      t.kind = Token::kString;
      t.text = text_.substr(pos_ + 1, end - pos_ - 1);
      line_ += static_cast<int>(std::count(t.text.begin(), t.text.end(), '\n'));
      pos_ = end + 1;
    } else if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
      t.kind = Token::kKey;
      t.text = Word();
    } else if (std::isdigit(static_cast<unsigned char>(c)) || c == '-' || c == '+' || c == '.') {
      t.kind = Token::kNumber;
      t.text = Word();
    } else {
      t.kind = Token::kBad;
      t.text = std::string("unexpected character '") + c + "'";
      ++pos_;
    }
    return t;
  }
  int last_line() const { return last_line_; }

 private:
  void SkipSpace() {
    while (pos_ < text_.size()) {
      const char c = text_[pos_];
      if (c == '\n') {
        ++line_;
        ++pos_;
      } else if (std::isspace(static_cast<unsigned char>(c))) {
        ++pos_;
      } else if (c == '#') {
        while (pos_ < text_.size() && text_[pos_] != '\n') ++pos_;
      } else {
        break;
      }
    }
  }
  std::string Word() {
    const size_t begin = pos_;
    while (pos_ < text_.size()) {
      const char c = text_[pos_];
      if (std::isspace(static_cast<unsigned char>(c)) || c == '[' || c == ']' || c == '"') break;
      ++pos_;
    }
    return text_.substr(begin, pos_ - begin);
  }

  std::string text_;
  size_t pos_ = 0;
  int line_ = 1;
  int last_line_ = 1;
};

struct RawEdge {
  int64_t source = 0, target = 0;
  int line = 0;
};

class Reader {
 public:
  Reader(std::string path, std::string text) : path_(std::move(path)), lex_(std::move(text)) {}

  Result<LabeledGraph> Read() {
    bool seen_graph = false;
    for (Token t = lex_.Next(); t.kind != Token::kEnd; t = lex_.Next()) {
      if (t.kind != Token::kKey) return Unexpected(t);
      if (t.text == "graph") {
        const Token open = lex_.Next();
        if (open.kind != Token::kOpen) return Error(open.line, "'graph' must be followed by '['");
        RETURN_IF_ERROR(Graph(open.line));
        seen_graph = true;
      } else {
        RETURN_IF_ERROR(SkipValue(t));
      }
    }
    if (!seen_graph) return Error(lex_.last_line(), "no 'graph [ ... ]' record");
    return Build();
  }

 private:
  Status Error(int line, const std::string& what) const {
    return Status::InvalidArgument(path_ + ":" + std::to_string(line) + ": " + what);
  }
  Status Unexpected(const Token& t) const {
    if (t.kind == Token::kBad) return Error(t.line, t.text);
    if (t.kind == Token::kClose) return Error(t.line, "unbalanced ']'");
    if (t.kind == Token::kOpen) return Error(t.line, "'[' without a key before it");
    return Error(t.line, "expected a key, found '" + t.text + "'");
  }
  Status Unclosed(int open_line) const {
    return Error(lex_.last_line(), "end of file inside the '[' opened at line " +
                                       std::to_string(open_line) + " (unbalanced brackets)");
  }

  // The value after `key`, skipped; lists recursively.
  Status SkipValue(const Token& key) {
    const Token v = lex_.Next();
    switch (v.kind) {
      case Token::kNumber:
      case Token::kString:
        return Status::Ok();
      case Token::kOpen:
        return SkipList(v.line);
      case Token::kEnd:
        return Error(v.line, "'" + key.text + "' has no value");
      default:
        return Unexpected(v);
    }
  }
  Status SkipList(int open_line) {
    for (Token t = lex_.Next();; t = lex_.Next()) {
      if (t.kind == Token::kClose) return Status::Ok();
      if (t.kind == Token::kEnd) return Unclosed(open_line);
      if (t.kind != Token::kKey) return Unexpected(t);
      RETURN_IF_ERROR(SkipValue(t));
    }
  }
  // A scalar value: its text (strings without the quotes).
  Status Scalar(const Token& key, std::string& out) {
    const Token v = lex_.Next();
    if (v.kind == Token::kNumber || v.kind == Token::kString) {
      out = v.text;
      return Status::Ok();
    }
    if (v.kind == Token::kEnd) return Error(v.line, "'" + key.text + "' has no value");
    if (v.kind == Token::kOpen) return Error(v.line, "'" + key.text + "' must not be a list");
    return Unexpected(v);
  }
  Status Integer(const Token& key, int64_t& out) {
    std::string text;
    RETURN_IF_ERROR(Scalar(key, text));
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    if (ec != std::errc() || end != text.data() + text.size()) {
      return Error(key.line, "'" + key.text + "' must be an integer, found '" + text + "'");
    }
    return Status::Ok();
  }

  Status Graph(int open_line) {
    for (Token t = lex_.Next();; t = lex_.Next()) {
      if (t.kind == Token::kClose) return Status::Ok();
      if (t.kind == Token::kEnd) return Unclosed(open_line);
      if (t.kind != Token::kKey) return Unexpected(t);
      if (t.text == "node" || t.text == "edge") {
        const Token open = lex_.Next();
        if (open.kind != Token::kOpen) {
          return Error(open.line, "'" + t.text + "' must be followed by '['");
        }
        RETURN_IF_ERROR(t.text == "node" ? Node(t.line) : Edge(t.line));
      } else {
        RETURN_IF_ERROR(SkipValue(t));
      }
    }
  }

  Status Node(int line) {
    bool has_id = false;
    int64_t id = 0;
    std::string gt, value;
    bool has_gt = false;
    for (Token t = lex_.Next();; t = lex_.Next()) {
      if (t.kind == Token::kClose) break;
      if (t.kind == Token::kEnd) return Unclosed(line);
      if (t.kind != Token::kKey) return Unexpected(t);
      if (t.text == "id") {
        RETURN_IF_ERROR(Integer(t, id));
        has_id = true;
      } else if (t.text == "gt") {
        RETURN_IF_ERROR(Scalar(t, gt));
        has_gt = true;
      } else if (t.text == "value") {
        RETURN_IF_ERROR(Scalar(t, value));
      } else {
        RETURN_IF_ERROR(SkipValue(t));
      }
    }
    if (!has_id) return Error(line, "node without an id");
    const auto index = static_cast<uint32_t>(node_label_.size());
    if (!ids_.emplace(id, index).second) {
      return Error(line, "node id " + std::to_string(id) + " appears twice");
    }
    const std::string& name = has_gt ? gt : value;
    auto [it, fresh] = label_index_.emplace(name, static_cast<uint32_t>(label_names_.size()));
    if (fresh) label_names_.push_back(name);
    node_label_.push_back(it->second);
    return Status::Ok();
  }

  Status Edge(int line) {
    RawEdge e;
    e.line = line;
    bool has_source = false, has_target = false;
    for (Token t = lex_.Next();; t = lex_.Next()) {
      if (t.kind == Token::kClose) break;
      if (t.kind == Token::kEnd) return Unclosed(line);
      if (t.kind != Token::kKey) return Unexpected(t);
      if (t.text == "source") {
        RETURN_IF_ERROR(Integer(t, e.source));
        has_source = true;
      } else if (t.text == "target") {
        RETURN_IF_ERROR(Integer(t, e.target));
        has_target = true;
      } else {
        RETURN_IF_ERROR(SkipValue(t));
      }
    }
    if (!has_source || !has_target) return Error(line, "edge without a source or a target");
    edges_.push_back(e);
    return Status::Ok();
  }

  // Edges may come before the nodes they name, so ids are resolved once everything is read.
  Result<LabeledGraph> Build() {
    std::vector<std::pair<NodeId, NodeId>> pairs;
    pairs.reserve(edges_.size());
    for (const RawEdge& e : edges_) {
      const auto s = ids_.find(e.source), t = ids_.find(e.target);
      if (s == ids_.end() || t == ids_.end()) {
        const int64_t missing = s == ids_.end() ? e.source : e.target;
        return Error(e.line, "edge to unknown node id " + std::to_string(missing));
      }
      if (s->second == t->second) continue;
      pairs.emplace_back(std::min(s->second, t->second), std::max(s->second, t->second));
    }
    std::sort(pairs.begin(), pairs.end());
    pairs.erase(std::unique(pairs.begin(), pairs.end()), pairs.end());
    std::vector<WeightedEdge> list;
    list.reserve(pairs.size());
    for (const auto& [a, b] : pairs) list.push_back({a, b, 1.0f});
    LabeledGraph out;
    out.graph = WeightedGraph::FromEdges(static_cast<NodeId>(node_label_.size()), list);
    out.labels = std::move(node_label_);
    out.label_names = std::move(label_names_);
    out.file_edges = edges_.size();
    return out;
  }

  std::string path_;
  Lexer lex_;
  std::unordered_map<int64_t, uint32_t> ids_;
  std::vector<uint32_t> node_label_;
  std::unordered_map<std::string, uint32_t> label_index_;
  std::vector<std::string> label_names_;
  std::vector<RawEdge> edges_;
};

}  // namespace

Result<LabeledGraph> ReadGml(const std::string& path) {
  try {
    std::ifstream in(path, std::ios::binary);
    if (!in) return Status::IoError(path + ": cannot open for reading");
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad()) return Status::IoError(path + ": read error");
    return Reader(path, std::move(text).str()).Read();
  } catch (const std::exception& e) {  // bad_alloc on a huge file: still a value
    return Status::Internal(path + ": " + e.what());
  }
}

}  // namespace ripple::graph
