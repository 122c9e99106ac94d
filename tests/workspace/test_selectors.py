import hashlib

from supportdesk.accounts.models import User
from supportdesk.search.queues import QueueFilters
from supportdesk.workspace.queue_counts import _counts_key


def test_the_queue_counts_key_is_a_digest_of_the_filter_values_the_same_in_every_process():
    # hash() of a str is salted per process; the worker's recount must land under the key the
    # web server reads, so the key is a digest of a canonical form, known in advance.
    canonical = (
        '{"assignee":null,"channel":"email","edition":"","organisation":7,'
        '"plan":"","query":"\\u0434\\u0438\\u0430\\u0433\\u0440\\u0430\\u043c\\u043c\\u0430",'
        '"status":""}'
    )
    filters = QueueFilters(channel="email", organisation=7, query="диаграмма")
    expected = hashlib.sha256(canonical.encode()).hexdigest()
    assert _counts_key(User(pk=3), filters) == f"workspace:counts:3:{expected}"
    assert _counts_key(User(pk=3), QueueFilters()) != _counts_key(User(pk=3), filters)
