"""SupportDesk: four support channels, one ticket queue, SLA in Moscow business time."""
