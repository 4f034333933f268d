"""Imports every module that registers a job handler, so that the worker knows them all."""
