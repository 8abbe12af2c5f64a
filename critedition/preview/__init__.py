"""The editor's loop (`edition watch`): the stages' results kept in memory, the HTML of just the books a change
reaches, the rest in the background, and a server whose pages reload themselves and show the errors."""
