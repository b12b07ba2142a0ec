"""Starts moto_server for the photoreel local stack, with two fixes and one speed-up applied to moto 5.2.x.

The fix: moto's Step Functions interpreter deep-copies the state machine on every StartExecution. The copy
reaches the backend (through StateMachine.backend) and with it every running execution, whose locks cannot be
copied: the second StartExecution fails with "cannot pickle '_thread.RLock' object". The copy only needs
the definition, so here it shares the backend and starts with no executions.

The speed-up: the interpreter builds a new boto3 Lambda client for every Lambda task it runs (about 20 ms of
Python under the one interpreter lock that every execution and every AWS call of the stack share). The client
it builds is always the same (fixed dummy credentials, the same endpoint and timeouts; the state's credentials
are not used), and boto3 clients are thread-safe, so here it is built once per region and reused, with a
connection pool large enough for every execution's concurrent call.

The second fix: DynamoDB's conditional writes and transactions are atomic, and moto's are not under concurrent
requests. A transaction checks and writes item by item, and when one condition fails it puts back a copy of the
whole table taken when it began, which undoes every other request's write made in the meantime (20 folders
uploaded at once lost a folder's pointer that way and opened a second job for it). Here every DynamoDB request
runs alone, one after another, as if DynamoDB's own isolation were in place.

All three reach into moto's internals, so they run only on the moto they were written for (WRITTEN_FOR, the
version in MotoServer.MOTO_REQUIREMENT): any other version stops here, naming both.
"""
import copy
import sys
import threading

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

import boto3  # noqa: E402
from botocore.config import Config  # noqa: E402
from moto.core.models import botocore_stubber  # noqa: E402
from moto.settings import moto_server_port  # noqa: E402
from moto.stepfunctions.parser.asl.component.common.timeouts.timeout import TimeoutSeconds  # noqa: E402
from moto.stepfunctions.parser.asl.component.state.exec.state_task import lambda_eval_utils  # noqa: E402

_clients = {}
_clients_lock = threading.Lock()


def _reused_client_for(region, service, state_credentials=None):
    """boto_client_for's client (moto/stepfunctions/parser/asl/utils/boto_client.py), built once per region and service."""
    with _clients_lock:
        client = _clients.get((region, service))
        if client is None:
            endpoint = {} if botocore_stubber.enabled else {"endpoint_url": f"http://localhost:{moto_server_port()}"}
            client = boto3.client(
                service_name=service,
                region_name=region,
                aws_access_key_id="ak",
                aws_secret_access_key="sk",
                config=Config(
                    parameter_validation=False,
                    retries={"max_attempts": 0, "total_max_attempts": 1},
                    connect_timeout=TimeoutSeconds.DEFAULT_TIMEOUT_SECONDS,
                    read_timeout=TimeoutSeconds.DEFAULT_TIMEOUT_SECONDS,
                    max_pool_connections=64,
                ),
                **endpoint,
            )
            _clients[(region, service)] = client
        return client


lambda_eval_utils.boto_client_for = _reused_client_for

from moto.dynamodb.responses import DynamoHandler  # noqa: E402

_dynamodb_requests = threading.RLock()
_dynamodb_call_action = DynamoHandler.call_action


def _one_dynamodb_request_at_a_time(self):
    with _dynamodb_requests:
        return _dynamodb_call_action(self)


DynamoHandler.call_action = _one_dynamodb_request_at_a_time

from moto.server import main  # noqa: E402  (after the fixes, so the server sees them)

if __name__ == "__main__":
    main(sys.argv[1:])
