"""gitrepo"""
