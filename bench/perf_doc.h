/* perf_doc.h — every benchmark writes its figures into its own block of
 * docs/performance.md, between <!-- NAME:begin --> and <!-- NAME:end -->. */
#ifndef LB_PERF_DOC_H
#define LB_PERF_DOC_H

/* Replaces NAME's block in FILE with SECTION (appends the block when the file
 * has none). Written to FILE.tmp and renamed. 0 on success. */
int lb_perf_doc_write(const char *file, const char *name, const char *section);

#endif
