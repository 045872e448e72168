"""Offline tooling that is not part of the running app: data generation, training and
evaluation of the models the runtime packages load. Nothing in domain/, data/, vision/
or dashboard/ imports it."""
