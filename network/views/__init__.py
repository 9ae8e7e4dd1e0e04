"""Views of the network core: the community pages and the meeting pages."""
