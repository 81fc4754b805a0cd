"""The partnership's network: subscriptions to its networks, messages and alerts sent to their
members with the reach counted, and the pupils' cybersafety survey."""
