"""Whoosh's multi-process writer (`whoosh.multiproc.MpWriter`), with its failures made visible.

Stock MpWriter has three ways to go wrong silently, all seen on a full disk during a rebuild:
a sub-writer that raises prints its traceback on stderr and dies; the parent, finding no result
from it within a second, commits without its documents (a rebuild "succeeds" with part of the
index, or none of it); and when every sub-writer is dead, the parent blocks for ever on the full
job queue. And a parent killed outright (kill -9) leaves its sub-writers waiting for jobs for
ever. This module is the one place that patches it: each sub-writer reports its failure as a
result instead of a traceback and stops once its parent is gone, and the parent raises
`ParallelWriteError` (one line) when a sub-writer failed or vanished, or when none is left to
take its jobs. Nothing is committed then: the caller cancels the writer and the live index stays
as it was.
"""

from __future__ import annotations

import os
import pickle
import queue
import sys

from whoosh.multiproc import MpWriter, SubWriterTask
from whoosh.util import random_name

RESULT_WAIT = 30.0        # seconds a finished sub-writer's result may take to arrive
JOB_WAIT = 1.0            # seconds between checks that a sub-writer is still there to take jobs
_FAILED = "hubindex-subwriter-failed"


class ParallelWriteError(Exception):
    """A sub-writer of the parallel writer failed; the message says why, in one line."""


class _OrphanWatch:
    """The job queue as a sub-writer reads it: waiting for a job, it checks now and then that
    the parent that gives the jobs is still there."""

    def __init__(self, jobs, parent: int) -> None:
        self._jobs, self._parent = jobs, parent

    def get(self, block: bool = True, timeout: float | None = None):
        while True:
            try:
                return self._jobs.get(timeout=JOB_WAIT)
            except queue.Empty:
                if os.getppid() != self._parent:
                    raise ParallelWriteError("the index writer's parent process is gone") from None


class _ReportingTask(SubWriterTask):
    """A sub-writer that puts its failure on the result queue instead of printing a traceback,
    and stops when its parent is gone."""

    def __init__(self, *args) -> None:
        super().__init__(*args)
        self._parent = os.getpid()      # (run in the parent)

    def run(self) -> None:
        self.jobqueue = _OrphanWatch(self.jobqueue, self._parent)
        try:
            super().run()
        except BaseException as exc:      # noqa: BLE001 (any failure, reported to the parent)
            reason = f"{type(exc).__name__}: {exc}".splitlines()[0] if str(exc) else type(exc).__name__
            try:
                self.resultqueue.put((_FAILED, reason, None), timeout=5)
            finally:
                sys.exit(1)               # quietly: the parent says what happened


class CheckedMpWriter(MpWriter):
    """MpWriter that never commits without every sub-writer's segment."""

    def _new_task(self) -> _ReportingTask:
        task = _ReportingTask(self.storage, self.indexname, self.jobqueue, self.resultqueue,
                              self.subargs, self.multisegment)
        self.tasks.append(task)
        task.start()
        return task

    def _enqueue(self) -> None:
        # MpWriter._enqueue (the buffered documents into a job file, the file on the job queue),
        # but a job is never put on a queue that no live sub-writer reads.
        filename = f"{random_name()}.doclist"
        with self.temp_storage().create_file(filename).raw_file() as f:
            for item in self.docbuffer:
                pickle.dump(item, f, 2)
        if len(self.tasks) < self.procs:
            self._new_task()
        self._put_job((filename, len(self.docbuffer)))
        self.docbuffer = []

    def _put_job(self, job) -> None:
        while True:
            try:
                return self.jobqueue.put(job, timeout=JOB_WAIT)
            except queue.Full:
                self._check_alive()

    def _check_alive(self) -> None:
        if self.tasks and not any(t.is_alive() for t in self.tasks):
            raise ParallelWriteError(self._failure() or "every sub-writer of the index writer stopped")

    def _failure(self) -> str | None:
        """The first failure a sub-writer reported, if any (taken off the result queue)."""
        kept = []
        reason = None
        while True:
            try:
                item = self.resultqueue.get(timeout=0.1)
            except queue.Empty:
                break
            if item[0] == _FAILED:
                reason = reason or item[1]
            else:
                kept.append(item)
        for item in kept:
            self.resultqueue.put(item)
        return reason

    def _commit(self, mergetype, optimize, merge) -> None:
        if self.docbuffer:
            self._enqueue()
        for _ in self.tasks:
            self._put_job(None)
        for task in self.tasks:
            task.join()
        results, failures = [], []
        # A sub-writer that ended by itself put its segment or its failure on the queue before
        # exiting; one killed by a signal (negative exit code) put nothing, so nothing is waited for.
        for _ in [t for t in self.tasks if t.exitcode is not None and t.exitcode >= 0]:
            try:
                item = self.resultqueue.get(timeout=RESULT_WAIT)
            except queue.Empty:
                break
            (failures if item[0] == _FAILED else results).append(item)
        if failures:
            raise ParallelWriteError(failures[0][1])
        if len(results) != len(self.tasks) or any(t.exitcode for t in self.tasks):
            codes = sorted({t.exitcode for t in self.tasks if t.exitcode})
            raise ParallelWriteError(f"a sub-writer of the index writer stopped without its segment"
                                     f"{' (exit code ' + ', '.join(map(str, codes)) + ')' if codes else ''}")
        # Every segment is in hand: the rest is the stock commit.
        finalsegments = self._merge_segments(mergetype, optimize, merge)
        if self.multisegment:
            finalsegments += [s for _, _, s in results]
            if self._added:
                finalsegments.append(self._finalize_segment())
            else:
                self._close_segment()
        else:
            self._merge_subsegments(results, mergetype)
            self._close_segment()
            self._assemble_segment()
            finalsegments.append(self.get_segment())
        self._commit_toc(finalsegments)
        self._finish()

    def cancel(self) -> None:
        """Stop every sub-writer (a stock cancel only flags the parent's copy of each, leaving
        them blocked on the job queue, and the process waiting for them at exit)."""
        try:
            for task in self.tasks:
                if task.is_alive():
                    task.terminate()
                task.join(timeout=10)
        finally:
            self.tasks = []
            super().cancel()
