/**
 * Source programs the PDB tests compile with clang-14 + lld-14 (see pdb-builder.ts). Written to
 * exercise what the reader must get right: C++ namespaces, classes, overloads and templates
 * (decorated public names), member and free functions inlined three deep (S_INLINESITE with
 * binary annotations, LF_FUNC_ID and LF_MFUNC_ID inlinees), an inline function from a header (a
 * second file inside one function), static functions (S_LPROC32), several object files, and a
 * `#line` directive (a line table naming a file that does not exist).
 */

/** A header whose inline functions get inlined into main.cpp's functions. */
export const SHAPES_H = `#pragma once
namespace geo {
struct Point { int x, y; };
class Shape {
 public:
  Shape(int w, int h) : w_(w), h_(h) {}
  __attribute__((noinline)) int area() const;
  __attribute__((noinline)) int area(int scale) const;
  __attribute__((always_inline)) inline int perimeter() const {
    return 2 * (w_ + h_);
  }
  static __attribute__((noinline)) int twice(int v);
 private:
  int w_, h_;
};
template <typename T> __attribute__((noinline)) T add(T a, T b) { return a + b; }
__attribute__((always_inline)) inline int clamp(int v, int lo, int hi) {
  return v < lo ? lo : v > hi ? hi : v;
}
}  // namespace geo
`;

/** Freestanding C++ (no CRT): the entry point, classes, overloads, templates, deep inlining. */
export const MAIN_CPP = `#include "shapes.h"
extern "C" int c_entry(int v);
extern "C" int c_loop(int n);
extern "C" { volatile int sink; }

namespace geo {
int Shape::area() const { return w_ * h_; }
int Shape::area(int scale) const {
  int a = area() * scale;
  return clamp(a, 0, 1000);
}
int Shape::twice(int v) { return v * 2; }
}  // namespace geo

namespace {
__attribute__((always_inline)) inline int sq(int x) {
  return x * x;
}
__attribute__((always_inline)) inline int sq_plus(int x) {
  int y = sq(x);
  return y + 1;
}
__attribute__((always_inline)) inline int deep(int x) {
  int z = sq_plus(x + 1);
  return z * 3;
}
}  // namespace

struct Counter {
  int n = 0;
  __attribute__((noinline)) void bump(int by);
  __attribute__((noinline)) ~Counter();
};
void Counter::bump(int by) {
  n += geo::clamp(by, -5, 5);
  sink = n;
}
Counter::~Counter() { sink = n; }

extern "C" int mainCRTStartup() {
  geo::Shape s(sink, sink + 2);
  Counter c;
  c.bump(sink);
  sink = s.area() + s.area(3) + s.perimeter() + geo::Shape::twice(sink);
  sink = geo::add<int>(sink, 2) + (int)geo::add<long long>(sink, 3);
  sink = deep(sink) + c_entry(sink);
  sink = c_loop(sink);
  return 0;
}
`;

/** C with an inlined static helper and a #line directive. */
export const UTIL_C = `extern volatile int sink;
static inline __attribute__((always_inline)) int helper(int v) {
  return v ^ 0x55;
}
__attribute__((noinline)) int c_entry(int v) {
  int r = helper(v) + 3;
#line 500 "generated.y"
  r += sink;
  return r;
}
`;

/** C with a loop (many line entries) and a static, non-inlined function (S_LPROC32). */
export const LOOPS_C = `extern volatile int sink;
static __attribute__((noinline)) int step(int i) {
  return (i * 3) ^ sink;
}
__attribute__((noinline)) int c_loop(int n) {
  int total = 0;
  for (int i = 0; i < n; i++) {
    total += step(i);
    if (total > 1000)
      total -= sink;
  }
  return total;
}
`;

/** C++ against the mingw CRT (Itanium-decorated names, printf, virtual calls). */
export const APP_CPP = `#include <stdio.h>
namespace app {
struct Base {
  virtual int run(int v) const { return v; }
};
struct Impl : Base {
  int k;
  explicit Impl(int k) : k(k) {}
  int run(int v) const override;
};
int Impl::run(int v) const {
  int r = v * k;
  return r + 1;
}
__attribute__((noinline)) int drive(const Base &b, int v) {
  int first = b.run(v);
  int second = b.run(v + 1);
  return first + second;
}
}  // namespace app
static __attribute__((noinline)) int twist(int v) { return (v << 3) ^ v; }
int main(int argc, char **argv) {
  app::Impl impl(argc);
  printf("%d %d\\n", app::drive(impl, argc), twist(argc));
  return argv[0][0] == 0;
}
`;

/** Plain C that gcc compiles without debug info: lld writes a PDB with public symbols only. */
export const GCC_C = `#include <stdio.h>
__attribute__((noinline)) int gfun(int x) { return x * 7 + 1; }
__attribute__((noinline)) int gother(int x) { return gfun(x) - 2; }
__attribute__((noinline)) static int gstatic(int x) { return gother(x) ^ 3; }
int main(int argc, char **argv) {
  printf("%d\\n", gstatic(argc));
  return argv[0][0] == 0;
}
`;
