"""Starts moto_server for the photoreel local stack, with one fix applied to moto 5.2.x.

moto's Step Functions interpreter deep-copies the state machine on every StartExecution. The copy reaches
the backend (through StateMachine.backend) and with it every running execution, whose locks cannot be
copied: the second StartExecution fails with "cannot pickle '_thread.RLock' object". The copy only needs
the definition, so here it shares the backend and starts with no executions.

The fix reaches into moto's internals, so it runs only on the moto it was written for (WRITTEN_FOR, the
version in MotoServer.MOTO_REQUIREMENT): any other version stops here, naming both.
"""
import copy
import sys

import moto

WRITTEN_FOR = "5.2.1"

if moto.__version__ != WRITTEN_FOR:
    sys.exit(
        "moto_launcher.py patches moto " + WRITTEN_FOR + " (StateMachine.__deepcopy__), but the installed moto is "
        + moto.__version__ + ": install the version it was written for (python3 -m pip install 'moto[server]=="
        + WRITTEN_FOR + "'), or check the patch against moto " + moto.__version__ + " and update WRITTEN_FOR and "
        + "MotoServer.MOTO_REQUIREMENT together"
    )

from moto.stepfunctions import models  # noqa: E402  (after the version guard)


def _deepcopy_state_machine(self, memo):
    clone = self.__class__.__new__(self.__class__)
    memo[id(self)] = clone
    for name, value in self.__dict__.items():
        if name == "backend":
            setattr(clone, name, value)
        elif name == "executions":
            setattr(clone, name, [])
        else:
            setattr(clone, name, copy.deepcopy(value, memo))
    return clone


models.StateMachine.__deepcopy__ = _deepcopy_state_machine

from moto.server import main  # noqa: E402  (after the fix, so the server sees it)

if __name__ == "__main__":
    main(sys.argv[1:])
